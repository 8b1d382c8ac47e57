using System.Globalization;
using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Audit;
using Beacon.Features.Courses;
using Beacon.Features.Learning;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.LiveSessions;

/// <summary>
/// Corrects a paper score typed in wrongly. It is never done by typing over it: the instructor sees what is
/// recorded, gives the right number and a reason, and the change and the reason go to the audit log. A
/// score that has already completed the course is not turned into a fail here: the completion and its
/// certificate rest on it.
/// </summary>
[Authorize(Policy = Policies.Instructor)]
public sealed class CorrectScoreModel(
    BeaconDbContext db, TenantContext tenant, CourseCatalog catalog, Completions completions, AuditLog audit, AuditActor actor, TimeProvider time) : PageModel
{
    [FromRoute]
    public Guid Id { get; set; }

    [FromRoute]
    public Guid AttemptId { get; set; }

    [BindProperty]
    public string? Correct { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    public SessionDetails Details { get; private set; } = null!;
    public string PersonName { get; private set; } = "";
    public int RecordedScore { get; private set; }
    public bool RecordedPassed { get; private set; }
    public string? RecordedBy { get; private set; }
    public DateTime RecordedAt { get; private set; }
    public int QuestionCount { get; private set; }
    public int PassScore { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) is null ? NotFound() : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var attempt = await LoadAsync(cancellationToken);
        if (attempt is null)
        {
            return NotFound();
        }
        var course = Details.Course;
        var typed = (Correct ?? "").Trim();
        var reason = (Reason ?? "").Trim();
        if (!int.TryParse(typed, NumberStyles.None, CultureInfo.InvariantCulture, out var score) || score > QuestionCount)
        {
            ModelState.AddModelError(nameof(Correct), $"Enter the number of correct answers: a whole number from 0 to {QuestionCount}.");
        }
        else if (score == RecordedScore)
        {
            ModelState.AddModelError(nameof(Correct), $"{score} is the score already recorded. Enter the corrected number.");
        }
        if (reason.Length == 0)
        {
            ModelState.AddModelError(nameof(Reason), "Say why the score is being corrected, for example \"question 7 marked wrong by mistake\".");
        }
        else if (reason.Length > 500)
        {
            ModelState.AddModelError(nameof(Reason), "Keep the reason to 500 characters or fewer.");
        }
        var passed = PaperScores.Passed(score, QuestionCount, course.PassMark);
        if (ModelState.IsValid && !passed && await db.Completions.AnyAsync(c => c.AttemptId == attempt.Id, cancellationToken))
        {
            ModelState.AddModelError(nameof(Correct), $"{PersonName} completed the course with this score and has a certificate for it. A practice administrator must revoke the certificate; the score then stays as the record of what happened.");
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var before = attempt.Score;
        attempt.Score = score;
        attempt.Passed = passed;
        attempt.RecordedByUserId = actor.UserId;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        audit.Record(tenant.PracticeId, "attempt.score-corrected", "attempt", attempt.Id.ToString(),
            new { session = Id, staffMemberId = attempt.StaffMemberId, from = before, to = score, of = QuestionCount, reason, correctedAt = time.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync(cancellationToken);
        var completed = passed && (await completions.TryCompleteAsync(attempt.StaffMemberId, course, Details.Track, cancellationToken)).Completion is not null;
        await transaction.CommitAsync(cancellationToken);

        TempData["Status"] = $"{PersonName}'s score is corrected from {before} to {score} of {QuestionCount} ({(passed ? "passed" : "not passed")})." +
            (completed ? $" {PersonName} has completed the course." : "");
        return Redirect($"/sessions/{Id}/paper-scores");
    }

    private async Task<AssessmentAttempt?> LoadAsync(CancellationToken cancellationToken)
    {
        var attempt = await db.AssessmentAttempts.FirstOrDefaultAsync(a => a.Id == AttemptId && a.SessionId == Id
            && a.Mode == AttemptMode.Paper && a.Kind == AttemptKind.PostTest && a.SubmittedAt != null, cancellationToken);
        if (attempt is null || await SessionDetails.LoadAsync(db, tenant, catalog, Id, cancellationToken) is not { } details)
        {
            return null;
        }
        Details = details;
        var practiceId = tenant.PracticeId;
        PersonName = await db.StaffMembers.Where(s => s.Id == attempt.StaffMemberId).Select(s => s.FirstName + " " + s.LastName).FirstAsync(cancellationToken);
        RecordedBy = await db.Users.Where(u => u.Id == attempt.RecordedByUserId && u.PracticeId == practiceId).Select(u => u.DisplayName).FirstOrDefaultAsync(cancellationToken);
        RecordedScore = attempt.Score ?? 0;
        RecordedPassed = attempt.Passed == true;
        RecordedAt = attempt.SubmittedAt!.Value;
        QuestionCount = attempt.QuestionCount;
        PassScore = PaperScores.PassScore(QuestionCount, details.Course.PassMark);
        return attempt;
    }
}
