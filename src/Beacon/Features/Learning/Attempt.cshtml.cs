using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Courses;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Learning;

/// <summary>
/// A pre- or post-test attempt being taken: the drawn questions with their options in the order drawn, and
/// nothing that reveals an answer. Live sessions send learners here too, so the address stays as it is.
/// </summary>
[Authorize(Policy = Policies.PracticeMember)]
public sealed class AttemptModel(BeaconDbContext db, Learners learners, CourseCatalog catalog, Assessments assessments, Completions completions) : PageModel
{
    [FromRoute]
    public Guid Id { get; set; }

    /// <summary>Question position → option position as shown (both 1-based).</summary>
    [BindProperty]
    public Dictionary<int, int> Answers { get; set; } = [];

    public AssessmentAttempt Attempt { get; private set; } = null!;
    public CoursePackage Course { get; private set; } = null!;
    public CourseTrack? Track { get; private set; }
    public IReadOnlyList<PresentedQuestion> Questions { get; private set; } = [];
    public IReadOnlyList<int> Unanswered { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } refusal)
        {
            return refusal;
        }
        if (Attempt.SubmittedAt is not null)
        {
            return Redirect($"/learn/attempts/{Id}/result");
        }
        Answers = [];
        return Page();
    }

    /// <summary>Submits the answers. The first submit is marked; a second (a double click, a resent form) just shows the result.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } refusal)
        {
            return refusal;
        }
        if (Attempt.SubmittedAt is not null)
        {
            return Redirect($"/learn/attempts/{Id}/result");
        }
        // Keep only answers that name a question and one of its options; the rest count as not answered.
        Answers = Answers
            .Where(a => a.Key >= 1 && a.Key <= Questions.Count && a.Value >= 1 && a.Value <= Questions[a.Key - 1].Options.Count)
            .ToDictionary(a => a.Key, a => a.Value);
        Unanswered = [.. Questions.Select(q => q.Position).Where(p => !Answers.ContainsKey(p))];
        if (Unanswered.Count > 0)
        {
            return Page();
        }
        var staffId = Attempt.StaffMemberId;
        var outcome = await assessments.SubmitAsync(Id, staffId, Course, Answers, null, cancellationToken);
        if (outcome == SubmitOutcome.NotFound)
        {
            return NotFound();
        }
        if (outcome == SubmitOutcome.Scored && Attempt.Kind == AttemptKind.PostTest && Track is not null)
        {
            // Completion is recorded with the submit, not only when the result page is opened.
            await completions.TryCompleteAsync(staffId, Course, Track, cancellationToken);
        }
        return Redirect($"/learn/attempts/{Id}/result");
    }

    public string KindName => Attempt.Kind == AttemptKind.PostTest ? "Post-test" : "Pre-test";

    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        // Only the learner's own attempts: anyone else's id (or another practice's) is simply not found.
        var learner = await learners.CurrentAsync(cancellationToken);
        var attempt = learner is null ? null : await db.AssessmentAttempts.AsNoTracking()
            .FirstOrDefaultAsync(a => a.Id == Id && a.StaffMemberId == learner.StaffMemberId && a.Mode == AttemptMode.Online, cancellationToken);
        var course = attempt is null ? null : await catalog.GetAsync(attempt.CourseId, attempt.Version, cancellationToken);
        if (attempt is null || course is null)
        {
            return NotFound();
        }
        Attempt = attempt;
        Course = course;
        Track = course.Track(attempt.Track);
        Questions = Assessments.Present(course, attempt);
        return null;
    }
}
