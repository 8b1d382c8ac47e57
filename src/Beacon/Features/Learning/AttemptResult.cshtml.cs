using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Courses;
using Beacon.Features.Practices;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Learning;

/// <summary>
/// A submitted attempt: the score, pass or fail against the pass mark, and every question with the
/// learner's answer, the best answer and the reason. A passed post-test completes the course when the
/// modules (or a live session) are done too, and the completion's certificate is linked here.
/// </summary>
[Authorize(Policy = Policies.PracticeMember)]
public sealed class AttemptResultModel(BeaconDbContext db, Learners learners, CourseCatalog catalog, Assessments assessments, Completions completions) : PageModel
{
    [FromRoute]
    public Guid Id { get; set; }

    public AssessmentAttempt Attempt { get; private set; } = null!;
    public CoursePackage Course { get; private set; } = null!;
    public CourseTrack? Track { get; private set; }
    public IReadOnlyList<ReviewedQuestion> Questions { get; private set; } = [];
    public IReadOnlyList<CourseSource> Sources { get; private set; } = [];
    public CompletionCheck? Completion { get; private set; }
    public CertificateRow? Certificate { get; private set; }
    public int AttemptsLeft { get; private set; }
    public PracticeClock Clock { get; private set; } = PracticeClock.Utc;

    public sealed record ReviewedQuestion(MarkedQuestion Marked, string Rationale);

    public sealed record CertificateRow(Guid Id, string Number);

    public bool IsPostTest => Attempt.Kind == AttemptKind.PostTest;
    public int Percent => Attempt.QuestionCount == 0 ? 0 : (Attempt.Score ?? 0) * 100 / Attempt.QuestionCount;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var learner = await learners.CurrentAsync(cancellationToken);
        var attempt = learner is null ? null : await db.AssessmentAttempts.AsNoTracking()
            .FirstOrDefaultAsync(a => a.Id == Id && a.StaffMemberId == learner.StaffMemberId, cancellationToken);
        var course = attempt is null ? null : await catalog.GetAsync(attempt.CourseId, attempt.Version, cancellationToken);
        if (attempt is null || course is null)
        {
            return NotFound();
        }
        if (attempt.SubmittedAt is null)
        {
            return attempt.Mode == AttemptMode.Online ? Redirect($"/learn/attempts/{Id}") : NotFound();
        }
        Attempt = attempt;
        Course = course;
        Track = course.Track(attempt.Track);
        Clock = await PracticeClock.ForPracticeAsync(db, attempt.PracticeId, cancellationToken);

        var paper = Assessments.PaperOf(attempt);
        var marked = await assessments.MarkedAsync(attempt, course, cancellationToken);
        Questions = [.. marked.Select((m, i) => new ReviewedQuestion(m, AnswerText.Rationale(m.Rationale, paper[i].Order)))];
        Sources = [.. marked.SelectMany(m => m.Sources).Distinct(StringComparer.Ordinal)
            .Select(key => course.Bibliography.FirstOrDefault(s => s.Key == key)).OfType<CourseSource>()];

        if (IsPostTest && attempt.Passed == true && Track is not null)
        {
            Completion = await completions.TryCompleteAsync(attempt.StaffMemberId, course, Track, cancellationToken);
            if (Completion.Completion is { } done)
            {
                Certificate = await db.Certificates.AsNoTracking()
                    .Where(c => c.CompletionId == done.Id)
                    .Select(c => new CertificateRow(c.Id, c.Number))
                    .FirstOrDefaultAsync(cancellationToken);
            }
        }
        else if (IsPostTest)
        {
            AttemptsLeft = Math.Max(0, course.AttemptLimit - await assessments.PostTestAttemptsAsync(attempt.StaffMemberId, course, attempt.Track, cancellationToken));
        }
        return Page();
    }

    /// <summary>The result only shows; posting to it is not found, whoever's id it names.</summary>
    public IActionResult OnPost() => NotFound();
}
