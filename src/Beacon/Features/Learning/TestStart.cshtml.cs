using Beacon.Data;
using Beacon.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Learning;

/// <summary>
/// What the pre- or post-test is, and the button that starts it. Starting draws the questions on the server
/// (or reopens the attempt already under way) and goes to the attempt.
/// </summary>
[Authorize(Policy = Policies.PracticeMember)]
public sealed class TestStartModel(BeaconDbContext db, Learners learners, LessonPlayer player, Assessments assessments) : PageModel
{
    [FromRoute]
    public string Kind { get; set; } = "";

    public bool IsPostTest => Kind == "post";
    public LearnerCourse Opened { get; private set; } = null!;
    public PostTestState Post { get; private set; } = null!;
    public Guid? OpenPreTestId { get; private set; }
    public Guid? LastPreTestId { get; private set; }

    /// <summary>Why the test cannot start now, when the learner asked to start it.</summary>
    public string? Refusal { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } redirect)
        {
            return redirect;
        }
        var staffId = Opened.Learner.StaffMemberId;
        if (!IsPostTest)
        {
            // The pre-test is a one-time baseline: once taken, its result is what the learner sees.
            if (LastPreTestId is { } taken)
            {
                return Redirect($"/learn/attempts/{taken}/result");
            }
            var pre = await assessments.StartAsync(staffId, Opened.Course, Opened.Track, AttemptKind.PreTest, null, cancellationToken);
            return Redirect($"/learn/attempts/{pre!.Id}");
        }
        Refusal = Post switch
        {
            { Completion: not null } => "You have already completed this course, so there is no post-test to take.",
            { Unlocked: false } => "The post-test opens once you have finished every module of your track, or checked in at a live in-service of this course.",
            _ => null,
        };
        if (Refusal is not null)
        {
            return Page();
        }
        var attempt = await assessments.StartAsync(staffId, Opened.Course, Opened.Track, AttemptKind.PostTest, null, cancellationToken);
        if (attempt is null)
        {
            Refusal = AttemptLimitMessage(Opened.Course.AttemptLimit);
            return Page();
        }
        return Redirect($"/learn/attempts/{attempt.Id}");
    }

    public static string AttemptLimitMessage(int limit) =>
        $"You have used all {limit} attempts at the post-test. Ask your practice administrator or instructor what to do next; they may arrange a live in-service or more time with the course.";

    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        if (Kind is not ("pre" or "post"))
        {
            return NotFound();
        }
        var learner = await learners.CurrentAsync(cancellationToken);
        var opened = learner is null ? null : await player.OpenAsync(learner, cancellationToken);
        if (opened is null)
        {
            return Redirect("/learn");
        }
        Opened = opened;
        Post = await player.PostTestAsync(opened, cancellationToken);
        var preTests = await db.AssessmentAttempts.AsNoTracking()
            .Where(a => a.StaffMemberId == opened.Learner.StaffMemberId && a.CourseId == opened.Course.Id && a.Version == opened.Course.Version
                && a.Track == opened.Track.Id && a.Kind == AttemptKind.PreTest)
            .Select(a => new { a.Id, a.SubmittedAt, a.Mode })
            .ToListAsync(cancellationToken);
        LastPreTestId = preTests.Where(a => a.SubmittedAt is not null).MaxBy(a => a.SubmittedAt)?.Id;
        OpenPreTestId = preTests.FirstOrDefault(a => a.SubmittedAt is null && a.Mode == AttemptMode.Online)?.Id;
        return null;
    }
}
