using System.Globalization;
using Beacon.Data;
using Beacon.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Requirements;

/// <summary>Uploads a certificate from outside training as a completion of one requirement's course.</summary>
[Authorize(Policy = Policies.PracticeAdmin)]
// Above the 10 MB limit so a somewhat larger file still reaches the handler and gets a clear message.
[RequestSizeLimit(RequestLimit)]
[RequestFormLimits(MultipartBodyLengthLimit = RequestLimit)]
public sealed class OutsideCertificateModel(BeaconDbContext db, RequirementViews views, OutsideCertificates certificates) : FormPage
{
    private const long RequestLimit = 32 * 1024 * 1024;

    public static readonly string[] FieldOrder = ["RequirementId", "CompletedOn", "Upload", "Note"];

    [FromRoute]
    public Guid Id { get; set; }

    [BindProperty(SupportsGet = true, Name = "requirement")]
    public Guid? RequirementId { get; set; }

    public string? CompletedOnText { get; set; }

    [BindProperty]
    public IFormFile? Upload { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    public string PersonName { get; private set; } = "";
    public string JobRole { get; private set; } = "";
    public IReadOnlyList<(Guid Id, string Name)> Requirements { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync([FromForm(Name = "RequirementId")] Guid? requirementId, [FromForm(Name = "CompletedOn")] string? completedOn, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        RequirementId = requirementId;
        CompletedOnText = completedOn;
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }
        var requirement = requirementId is { } rid && Requirements.Any(r => r.Id == rid)
            ? await db.Requirements.AsNoTracking().FirstOrDefaultAsync(r => r.Id == rid, cancellationToken)
            : null;
        if (requirement is null)
        {
            ModelState.AddModelError("RequirementId", "Requirement: choose a requirement that covers this person.");
        }
        DateOnly? day = DateOnly.TryParseExact((completedOn ?? "").Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) ? parsed : null;
        var today = await views.TodayAsync(cancellationToken);
        if (requirement is null)
        {
            return Page();
        }
        var (evidenceId, problems) = await certificates.RecordAsync(Id, JobRole, requirement, day, today, Upload, Note, cancellationToken);
        foreach (var problem in problems)
        {
            ModelState.AddModelError(problem.Field, problem.Message);
        }
        if (evidenceId is null)
        {
            return Page();
        }
        TempData["Status"] = $"Outside certificate recorded for {PersonName}: completed {day!.Value.ToString("MMM d, yyyy", CultureInfo.GetCultureInfo("en-US"))}.";
        return Redirect($"/roster/{Id}");
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var person = await db.StaffMembers.AsNoTracking().Where(s => s.Id == Id).Select(s => new { Name = s.FirstName + " " + s.LastName, s.JobRole }).FirstOrDefaultAsync(cancellationToken);
        if (person is null)
        {
            return false;
        }
        PersonName = person.Name;
        JobRole = person.JobRole;
        var today = await views.TodayAsync(cancellationToken);
        Requirements = [.. (await views.ForPersonAsync(Id, today, cancellationToken)).Select(r => (r.RequirementId, r.RequirementName))];
        return true;
    }
}
