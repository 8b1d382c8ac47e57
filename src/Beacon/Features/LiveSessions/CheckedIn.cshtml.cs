using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Courses;
using Beacon.Features.Learning;
using Beacon.Features.Practices;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.LiveSessions;

/// <summary>
/// A learner's own page for a session they attend: that they are checked in, how their post-test went,
/// and the button that starts the post-test on their phone. It exists only for people present at the
/// session; for anyone else (or another practice's session) it is not found.
/// </summary>
[Authorize(Policy = Policies.PracticeMember)]
public sealed class CheckedInModel(BeaconDbContext db, TenantContext tenant, CourseCatalog catalog, Learners learners, Assessments assessments) : PageModel
{
    [FromRoute]
    public Guid Id { get; set; }

    public string Title { get; private set; } = "";
    public string TrackTitle { get; private set; } = "";
    public DateTime CheckedInAt { get; private set; }
    public PracticeClock Clock { get; private set; } = PracticeClock.Utc;
    public PostTestStatus PostTest { get; private set; } = PostTestStatus.NotStarted;
    public int AttemptsLeft { get; private set; }
    public int Questions { get; private set; }
    public int PassMark { get; private set; }
    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) is null ? NotFound() : Page();

    /// <summary>Starts (or resumes) the post-test of the session's course version and track, and hands over to the test player.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is not var (learner, course, track))
        {
            return NotFound();
        }
        if (PostTest.Passed == true)
        {
            Problem = "You have already passed the post-test of this session.";
            return Page();
        }
        var attempt = await assessments.StartAsync(learner.StaffMemberId, course, track, AttemptKind.PostTest, Id, cancellationToken);
        if (attempt is null)
        {
            Problem = $"You have used all {course.AttemptLimit} attempts at the post-test of this course. Talk to your instructor or practice administrator.";
            return Page();
        }
        return Redirect($"/learn/attempts/{attempt.Id}");
    }

    private async Task<(LearnerProfile, CoursePackage, CourseTrack)?> LoadAsync(CancellationToken cancellationToken)
    {
        var learner = await learners.CurrentAsync(cancellationToken);
        if (learner is null)
        {
            return null;
        }
        var found = await db.LiveSessions.AsNoTracking()
            .Where(s => s.Id == Id)
            .Select(s => new
            {
                s.Title,
                s.CourseId,
                s.Version,
                s.Track,
                CheckedInAt = db.Attendances.Where(a => a.SessionId == s.Id && a.StaffMemberId == learner.StaffMemberId).Select(a => (DateTime?)a.CheckedInAt).FirstOrDefault(),
            })
            .FirstOrDefaultAsync(cancellationToken);
        if (found?.CheckedInAt is not { } checkedInAt)
        {
            return null;
        }
        var course = await catalog.GetAsync(found.CourseId, found.Version, cancellationToken);
        var track = course?.Track(found.Track);
        if (course is null || track is null)
        {
            return null;
        }
        Title = found.Title;
        TrackTitle = track.Title;
        CheckedInAt = checkedInAt;
        Clock = await PracticeClock.ForPracticeAsync(db, tenant.PracticeId, cancellationToken);
        var statuses = await PostTestStatus.ForSessionAsync(db, Id, cancellationToken);
        PostTest = statuses.GetValueOrDefault(learner.StaffMemberId, PostTestStatus.NotStarted);
        AttemptsLeft = Math.Max(0, course.AttemptLimit - await assessments.PostTestAttemptsAsync(learner.StaffMemberId, course, track.Id, cancellationToken));
        Questions = track.PostTest;
        PassMark = course.PassMark;
        return (learner, course, track);
    }
}
