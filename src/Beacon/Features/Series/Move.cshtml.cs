using System.Globalization;
using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Audit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Series;

/// <summary>
/// Moves one occurrence to another time or place (a RECURRENCE-ID override: its original start stays its
/// identity). Everyone booked, wait-listed or invited gets the updated invitation with the next SEQUENCE.
/// </summary>
[Authorize(Policy = Policies.Instructor)]
public sealed class MoveModel(BeaconDbContext db, TenantContext tenant, AuditLog audit, SeriesService series, TimeProvider time) : OccurrencePageModel(db, tenant, time)
{
    [BindProperty]
    public MoveInput Input { get; set; } = new();

    public sealed class MoveInput
    {
        public string? Date { get; set; }
        public string? StartTime { get; set; }
        public string? Location { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(track: false, cancellationToken))
        {
            return NotFound();
        }
        var local = Clock.ToLocal(Session.StartsAt);
        Input = new MoveInput
        {
            Date = local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            StartTime = local.ToString("HH:mm", CultureInfo.InvariantCulture),
            Location = Session.Location,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(track: true, cancellationToken))
        {
            return NotFound();
        }
        if (Refusal is not null)
        {
            return Page();
        }
        var location = (Input.Location ?? "").Trim();
        if (location.Length == 0)
        {
            ModelState.AddModelError("Input.Location", "Enter the room or address, or the link to the video call.");
        }
        else if (location.Length > 300)
        {
            ModelState.AddModelError("Input.Location", "Keep the location to 300 characters or fewer.");
        }
        var dateOk = DateOnly.TryParseExact((Input.Date ?? "").Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date);
        if (!dateOk)
        {
            ModelState.AddModelError("Input.Date", "Enter the new date, for example 2026-03-14.");
        }
        var timeOk = TimeOnly.TryParseExact((Input.StartTime ?? "").Trim(), ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var start);
        if (!timeOk)
        {
            ModelState.AddModelError("Input.StartTime", "Enter the new start time, for example 12:00.");
        }
        DateTime startsAt = default;
        if (dateOk && timeOk)
        {
            var local = date.ToDateTime(start, DateTimeKind.Unspecified);
            if (Clock.Zone.IsInvalidTime(local))
            {
                ModelState.AddModelError("Input.StartTime", "The clocks change at that time on that day, so it does not exist. Choose another start Time.");
            }
            else
            {
                startsAt = TimeZoneInfo.ConvertTimeToUtc(local, Clock.Zone);
                if (startsAt <= Time.GetUtcNow().UtcDateTime)
                {
                    ModelState.AddModelError("Input.Date", "That time has passed. Choose a date and start time from now on.");
                }
                else if (await Db.LiveSessions.AnyAsync(s => s.SeriesId == Series.Id && s.Id != Session.Id && s.CancelledAt == null && s.StartsAt == startsAt, cancellationToken))
                {
                    ModelState.AddModelError("Input.Date", "Another session of this series starts then. Choose another date or Time.");
                }
            }
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        if (startsAt == Session.StartsAt && location == Session.Location)
        {
            TempData["Status"] = "Nothing changed: the session already has that time and place.";
            return Redirect($"/series/{Series.Id}");
        }
        var before = new { Session.StartsAt, Session.Location };
        var minutes = Session.EndsAt - Session.StartsAt;
        Session.StartsAt = startsAt;
        Session.EndsAt = startsAt + minutes;
        Session.Location = location;
        Session.Sequence++;
        Series.Sequence++;
        Series.UpdatedAt = Time.GetUtcNow().UtcDateTime;
        var audience = await series.AudienceAsync(Session.Id, cancellationToken);
        var told = await series.QueueAsync(Session, audience, "REQUEST", "session-changed", "Changed",
            $"This in-service has changed. It was {Clock.Format(before.StartsAt)} at {before.Location}. The attached update changes it in your calendar.", cancellationToken);
        audit.Record(Tenant.PracticeId, "series.occurrence-moved", "session", Session.Id.ToString(),
            new { Series.Title, from = before, to = new { Session.StartsAt, Session.Location }, told });
        await Db.SaveChangesAsync(cancellationToken);
        TempData["Status"] = $"The session is moved to {Clock.Format(Session.StartsAt)}, {Session.Location}. {told} {(told == 1 ? "person was" : "people were")} told by email.";
        return Redirect($"/series/{Series.Id}");
    }
}
