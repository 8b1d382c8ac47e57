using System.Net;
using Beacon.Data;
using Beacon.Features.Series;
using Beacon.Tests.Infrastructure;
using Beacon.Tests.LiveSessions;
using Microsoft.EntityFrameworkCore;
using static Beacon.Tests.Infrastructure.Html;
using IcalCalendar = Ical.Net.Calendar;

namespace Beacon.Tests.Series;

public sealed class SeriesTests
{
    // The app's clock starts on Monday 2026-03-02 15:00 UTC; US clocks spring forward on Sunday 2026-03-08.
    internal static KeyValuePair<string, string>[] Form(Guid instructor, string first = "2026-03-05", string time = "09:00", string pattern = "Weekly",
        string interval = "1", string endsBy = "count", string count = "6", string until = "", string capacity = "20") =>
    [
        F("Input.Title", "Recognise and respond"), F("Input.Track", "clinical"), F("Input.FirstDate", first), F("Input.StartTime", time),
        F("Input.Minutes", "60"), F("Input.Pattern", pattern), F("Input.Interval", interval), F("Input.EndsBy", endsBy),
        F("Input.Count", count), F("Input.UntilDate", until), F("Input.Capacity", capacity), F("Input.SiteId", ""),
        F("Input.Location", "Conference room B"), F("Input.InstructorUserId", instructor.ToString()),
    ];

    internal static async Task<Guid> CreateSeriesAsync(HttpClient instructor, KeyValuePair<string, string>[] form)
    {
        var response = await instructor.PostFormAsync("/series/new", form);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Expected a redirect, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return Guid.Parse(response.Headers.Location!.OriginalString["/series/".Length..]);
    }

    /// <summary>The start instants the series page shows for sessions that take place (not cancelled).</summary>
    internal static async Task<List<DateTime>> ShownStartsAsync(HttpClient client, Guid seriesId)
    {
        var page = await client.GetPageAsync($"/series/{seriesId}");
        return page.QuerySelectorAll("#occurrences tr[data-status=scheduled] time")
            .Select(t => DateTime.Parse(t.GetAttribute("datetime")!, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal))
            .Order().ToList();
    }

    internal static async Task<string> FeedAddressAsync(HttpClient client, CalendarFeedKind kind)
    {
        var response = await client.PostFormAsync("/calendar-feeds?handler=Create", [F("kind", kind.ToString())], "/calendar-feeds");
        var page = await ParseAsync(response);
        var address = page.QuerySelector("#feed-address")?.GetAttribute("value");
        Assert.False(string.IsNullOrEmpty(address), "no feed address shown");
        return address!;
    }

    [Theory, DatabaseData]
    public async Task A_series_made_in_the_pages_with_a_cancelled_and_a_moved_session_exports_exactly_the_sessions_Beacon_shows(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync(staff: 2);
        var (account, instructor) = await app.SignedInInstructorAsync(practice.PracticeId);
        var seriesId = await CreateSeriesAsync(instructor, Form(account.UserId));

        var sessions = await app.WithDbAsync(db => db.LiveSessions.Where(s => s.SeriesId == seriesId).OrderBy(s => s.StartsAt).ToListAsync(), practice.PracticeId);
        Assert.Equal(6, sessions.Count);
        // 9:00 in Chicago: CST (UTC-6) before the change, CDT (UTC-5) after it.
        Assert.Equal(new DateTime(2026, 3, 5, 15, 0, 0, DateTimeKind.Utc), sessions[0].StartsAt);
        Assert.Equal(new DateTime(2026, 3, 12, 14, 0, 0, DateTimeKind.Utc), sessions[1].StartsAt);

        var cancel = await instructor.PostFormAsync($"/series/occurrences/{sessions[2].Id}/cancel", [F("Reason", "Clinic closed")]);
        LiveSessionTestSupport.AssertRedirect(cancel, $"/series/{seriesId}");
        var move = await instructor.PostFormAsync($"/series/occurrences/{sessions[3].Id}/move",
            [F("Input.Date", "2026-03-27"), F("Input.StartTime", "13:30"), F("Input.Location", "Break room, South Clinic")]);
        LiveSessionTestSupport.AssertRedirect(move, $"/series/{seriesId}");

        var shown = await ShownStartsAsync(instructor, seriesId);
        Assert.Equal(5, shown.Count);
        Assert.Contains(new DateTime(2026, 3, 27, 18, 30, 0, DateTimeKind.Utc), shown);

        var address = await FeedAddressAsync(instructor, CalendarFeedKind.Practice);
        var anonymous = app.NewClient();
        var response = await anonymous.GetAsync(new Uri(address).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("BEGIN:VTIMEZONE", text, StringComparison.Ordinal);
        Assert.Contains("TZID:America/Chicago", text, StringComparison.Ordinal);

        var calendar = IcalCalendar.Load(text)!;
        var exported = calendar.GetOccurrences(null, null).Select(o => DateTime.SpecifyKind(o.Period.StartTime.AsUtc, DateTimeKind.Utc)).Order().ToList();
        Assert.Equal(shown, exported);
        var moved = calendar.GetOccurrences(null, null).Single(o => o.Period.StartTime.AsUtc == new DateTime(2026, 3, 27, 18, 30, 0));
        Assert.Equal("Break room, South Clinic", ((Ical.Net.CalendarComponents.CalendarEvent)moved.Source).Location);

        // The feed's UID is the series' UID, and stays the same on the next fetch.
        var uid = await app.WithDbAsync(db => db.LiveSeries.Where(s => s.Id == seriesId).Select(s => s.Uid).FirstAsync(), practice.PracticeId);
        Assert.All(calendar.Events, e => Assert.Equal(uid, e.Uid));
    }

    [Theory, DatabaseData]
    public async Task Many_parallel_bookings_never_exceed_capacity_and_a_freed_seat_goes_to_the_first_on_the_wait_list(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync(staff: 12);
        var (account, instructor) = await app.SignedInInstructorAsync(practice.PracticeId);
        var seriesId = await CreateSeriesAsync(instructor, Form(account.UserId, count: "2", capacity: "3"));
        var sessionId = await app.WithDbAsync(db => db.LiveSessions.Where(s => s.SeriesId == seriesId).OrderBy(s => s.StartsAt).Select(s => s.Id).FirstAsync(), practice.PracticeId);

        var learners = new List<(Guid StaffId, HttpClient Client, string Token)>();
        for (var i = 0; i < 12; i++)
        {
            var (_, staffId, client) = await app.SignedInLearnerAsync(practice, i);
            learners.Add((staffId, client, await client.GetAntiforgeryTokenAsync("/bookings")));
        }
        var responses = await Task.WhenAll(learners.Select(l =>
            l.Client.PostFormWithTokenAsync("/bookings?handler=Book", [F("sessionId", sessionId.ToString())], l.Token)));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));

        var bookings = await app.WithDbAsync(db => db.SessionBookings.Where(b => b.SessionId == sessionId).ToListAsync(), practice.PracticeId);
        Assert.Equal(12, bookings.Count);
        var booked = bookings.Where(b => b.Status == BookingStatus.Booked).ToList();
        Assert.Equal(3, booked.Count);
        Assert.Equal([1, 2, 3], booked.Select(b => b.Seat!.Value).Order());
        Assert.Equal(9, bookings.Count(b => b.Status == BookingStatus.WaitListed && b.Seat == null));

        // The first to join the wait list gets the seat that comes free, and an invitation by email.
        var first = bookings.Where(b => b.Status == BookingStatus.WaitListed).OrderBy(b => b.CreatedAt).ThenBy(b => b.Id).First();
        var leaver = learners.Single(l => l.StaffId == booked[0].StaffMemberId);
        var cancel = await leaver.Client.PostFormAsync("/bookings?handler=Cancel", [F("sessionId", sessionId.ToString())], "/bookings");
        Assert.Equal(HttpStatusCode.Redirect, cancel.StatusCode);
        var after = await app.WithDbAsync(db => db.SessionBookings.Where(b => b.SessionId == sessionId).ToListAsync(), practice.PracticeId);
        Assert.Equal(3, after.Count(b => b.Status == BookingStatus.Booked));
        var promoted = after.Single(b => b.Id == first.Id);
        Assert.Equal(BookingStatus.Booked, promoted.Status);
        Assert.Equal(booked[0].Seat, promoted.Seat);

        await app.DeliverEmailsAsync();
        var email = await app.WithDbAsync(db => db.StaffMembers.Where(s => s.Id == first.StaffMemberId).Select(s => s.Email).FirstAsync(), practice.PracticeId);
        var message = Assert.Single(SmtpSink.To(email), m => (m.Subject ?? "").StartsWith("A place is free", StringComparison.Ordinal));
        var ics = CalendarPart(message);
        var calendar = IcalCalendar.Load(ics)!;
        Assert.Equal("REQUEST", calendar.Method);
    }

    [Theory, DatabaseData]
    public async Task Invitations_changes_and_cancellations_keep_the_uid_and_raise_the_sequence(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync(staff: 2);
        var (account, instructor) = await app.SignedInInstructorAsync(practice.PracticeId);
        var seriesId = await CreateSeriesAsync(instructor, Form(account.UserId, count: "3"));
        var sessionId = await app.WithDbAsync(db => db.LiveSessions.Where(s => s.SeriesId == seriesId).OrderBy(s => s.StartsAt).Select(s => s.Id).FirstAsync(), practice.PracticeId);
        var (_, staffId, learner) = await app.SignedInLearnerAsync(practice, 0);
        var email = await app.WithDbAsync(db => db.StaffMembers.Where(s => s.Id == staffId).Select(s => s.Email).FirstAsync(), practice.PracticeId);

        await learner.PostFormAsync("/bookings?handler=Book", [F("sessionId", sessionId.ToString())], "/bookings");
        await instructor.PostFormAsync($"/series/occurrences/{sessionId}/move", [F("Input.Date", "2026-03-06"), F("Input.StartTime", "10:00"), F("Input.Location", "Room C")]);
        await instructor.PostFormAsync($"/series/occurrences/{sessionId}/cancel", [F("Reason", "")]);
        await app.DeliverEmailsAsync();

        var received = SmtpSink.To(email).OrderBy(m => m.Date).ToList();
        Assert.Equal(3, received.Count);
        var calendars = received.Select(m => IcalCalendar.Load(CalendarPart(m))!).ToList();
        Assert.Equal(["REQUEST", "REQUEST", "CANCEL"], calendars.Select(c => c.Method));
        Assert.Equal([0, 1, 2], calendars.Select(c => c.Events.Single().Sequence));
        Assert.Single(calendars.Select(c => c.Events.Single().Uid).Distinct());
        Assert.All(calendars, c => Assert.Single(c.TimeZones));
        Assert.All(calendars, c => Assert.Equal($"mailto:{email}", c.Events.Single().Attendees.Single().Value!.ToString(), ignoreCase: true));
        Assert.Equal(new DateTime(2026, 3, 6, 16, 0, 0, DateTimeKind.Utc), calendars[1].Events.Single().DtStart!.AsUtc);

        // The learner's own feed shows the cancelled session as cancelled, under the same UID.
        var address = await FeedAddressAsync(learner, CalendarFeedKind.Personal);
        var feed = IcalCalendar.Load(await app.NewClient().GetStringAsync(new Uri(address).PathAndQuery))!;
        var mine = Assert.Single(feed.Events);
        Assert.Equal("CANCELLED", mine.Status);
        Assert.Equal(calendars[0].Events.Single().Uid, mine.Uid);
    }

    [Theory, DatabaseData]
    public async Task A_revoked_or_replaced_feed_address_answers_not_found_and_only_the_hash_is_stored(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync(staff: 1);
        var (_, _, learner) = await app.SignedInLearnerAsync(practice, 0);
        var first = new Uri(await FeedAddressAsync(learner, CalendarFeedKind.Personal)).PathAndQuery;
        var anonymous = app.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(first)).StatusCode);

        var second = new Uri(await FeedAddressAsync(learner, CalendarFeedKind.Personal)).PathAndQuery;
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(first)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(second)).StatusCode);
        var token = second["/calendar/".Length..^".ics".Length];
        Assert.True(token.Length >= 22, "the token carries at least 128 bits");
        var stored = await app.WithDbAsync(db => db.CalendarFeeds.Select(f => f.TokenHash).ToListAsync(), practice.PracticeId);
        Assert.DoesNotContain(token, stored);
        Assert.Contains(FeedTokens.Hash(token), stored);

        await learner.PostFormAsync("/calendar-feeds?handler=Revoke", [F("kind", "Personal")], "/calendar-feeds");
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(second)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/calendar/not-a-real-token-at-all-xyz.ics")).StatusCode);
    }

    [Fact]
    public void Monthly_rules_land_on_the_same_weekday_of_the_month_in_local_time_across_daylight_saving()
    {
        // Second Tuesday, every month, 9:00 in New York, from January: 14:00 UTC in winter, 13:00 UTC in summer.
        var first = new DateOnly(2026, 1, 13);
        var rule = SeriesCalendar.RuleFor(SeriesPattern.MonthlyByWeekday, 1, first, null, 6);
        Assert.Equal("FREQ=MONTHLY;INTERVAL=1;BYDAY=2TU;COUNT=6", rule);
        var starts = SeriesCalendar.Expand("America/New_York", first, new TimeOnly(9, 0), 60, rule);
        Assert.Equal(
            [new(2026, 1, 13, 14, 0, 0), new(2026, 2, 10, 14, 0, 0), new(2026, 3, 10, 13, 0, 0), new(2026, 4, 14, 13, 0, 0), new(2026, 5, 12, 13, 0, 0), new(2026, 6, 9, 13, 0, 0)],
            starts.Select(s => DateTime.SpecifyKind(s, DateTimeKind.Unspecified)));
        // Quarterly on the 31st of a month skips months without one, as RFC 5545 says.
        var quarterly = SeriesCalendar.Expand("America/Chicago", new DateOnly(2026, 1, 31), new TimeOnly(12, 0), 60,
            SeriesCalendar.RuleFor(SeriesPattern.MonthlyByDay, 3, new DateOnly(2026, 1, 31), null, 3));
        Assert.Equal([new DateTime(2026, 1, 31), new DateTime(2026, 7, 31), new DateTime(2026, 10, 31)], quarterly.Select(s => s.Date));
    }

    internal static string CalendarPart(MimeKit.MimeMessage message)
    {
        var part = message.BodyParts.OfType<MimeKit.TextPart>().FirstOrDefault(p => p.ContentType.MimeType == "text/calendar");
        Assert.NotNull(part);
        Assert.NotNull(message.Attachments.FirstOrDefault(a => a.ContentType.MimeType == "application/ics"));
        return part.Text;
    }
}
