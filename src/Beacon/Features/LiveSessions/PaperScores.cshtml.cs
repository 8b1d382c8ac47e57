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
/// Scores from the paper post-test, typed in after marking: for each person present, how many of the N
/// questions they got right. Each becomes a paper attempt of the session (its paper, score, pass or fail
/// by the course's pass mark, who typed it) and a pass completes the course on the strength of the
/// attendance. A score already recorded is shown, never overwritten: changing it is an explicit, audited
/// correction. Nothing is saved unless every row typed is valid.
/// </summary>
[Authorize(Policy = Policies.Instructor)]
public sealed class PaperScoresModel(
    BeaconDbContext db, TenantContext tenant, CourseCatalog catalog, Assessments assessments, Completions completions, CheckIns checkIns, AuditActor actor, TimeProvider time) : PageModel
{
    [FromRoute]
    public Guid Id { get; set; }

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    [BindProperty]
    public List<ScoreInput> Scores { get; set; } = [];

    public SessionDetails Details { get; private set; } = null!;
    public int QuestionCount { get; private set; }
    public int PassScore { get; private set; }
    public IReadOnlyList<ScoreRow> Rows { get; private set; } = [];
    public IReadOnlyList<StaffMatch> Matches { get; private set; } = [];
    public DateTime Now { get; private set; }

    /// <summary>What was typed per person, kept when the form comes back with problems.</summary>
    public Dictionary<Guid, string> Entered { get; } = [];

    public Dictionary<Guid, string> RowErrors { get; } = [];

    public bool Open => !Details.Session.Cancelled && Now >= Details.Session.OpensAt;

    public sealed class ScoreInput
    {
        public Guid StaffMemberId { get; set; }
        public string? Correct { get; set; }
    }

    /// <summary>One person present, with the paper score already recorded for them at this session, if any.</summary>
    public sealed record ScoreRow(Guid StaffMemberId, string Name, string JobRole, PostTestStatus PostTest, RecordedScore? Recorded);

    public sealed record RecordedScore(Guid AttemptId, int Score, bool Passed, string? RecordedBy, DateTime RecordedAt);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }
        Matches = Open ? await StaffSearch.FindAsync(db, Id, Query, cancellationToken) : [];
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken) =>
        await db.LiveSessions.AnyAsync(s => s.Id == Id, cancellationToken) ? BadRequest() : NotFound();

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }
        if (!Open)
        {
            TempData["Problem"] = Details.Session.Cancelled
                ? "This session was cancelled, so no scores can be entered for it."
                : "Scores can be entered once the session has started.";
            return Redirect($"/sessions/{Id}/paper-scores");
        }

        var course = Details.Course;
        var track = Details.Track;
        var rows = Rows.ToDictionary(r => r.StaffMemberId);
        var entries = new List<(ScoreRow Row, int Correct)>();
        foreach (var input in Scores)
        {
            var typed = (input.Correct ?? "").Trim();
            if (typed.Length == 0)
            {
                continue;
            }
            Entered[input.StaffMemberId] = typed;
            if (!rows.TryGetValue(input.StaffMemberId, out var row))
            {
                RowErrors[input.StaffMemberId] = "Only people on the attendance list can have a score. Mark them present first.";
                continue;
            }
            if (!int.TryParse(typed, NumberStyles.None, CultureInfo.InvariantCulture, out var correct) || correct > QuestionCount)
            {
                RowErrors[row.StaffMemberId] = $"Enter the number of correct answers for {row.Name}: a whole number from 0 to {QuestionCount}.";
                continue;
            }
            if (row.Recorded is { } recorded)
            {
                RowErrors[row.StaffMemberId] = $"{row.Name} already has a score of {recorded.Score} of {QuestionCount}. To change it, choose Correct on their row.";
                continue;
            }
            if (entries.Any(e => e.Row.StaffMemberId == row.StaffMemberId))
            {
                continue;
            }
            if (await assessments.PostTestAttemptsAsync(row.StaffMemberId, course, track.Id, cancellationToken) >= course.AttemptLimit)
            {
                RowErrors[row.StaffMemberId] = $"{row.Name} has used all {course.AttemptLimit} post-test attempts of this course version, so no further score can count.";
                continue;
            }
            entries.Add((row, correct));
        }
        if (RowErrors.Count > 0)
        {
            return Page();
        }
        if (entries.Count == 0)
        {
            ModelState.AddModelError("", "Type at least one score: the number of correct answers on a person's paper.");
            return Page();
        }

        var now = time.GetUtcNow().UtcDateTime;
        var paper = SessionPaper.ToJson(SessionPaper.Draw(course, track, Id));
        // Scores and the completions they earn are saved together, or not at all.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var (row, correct) in entries)
        {
            db.AssessmentAttempts.Add(new AssessmentAttempt
            {
                PracticeId = tenant.PracticeId,
                StaffMemberId = row.StaffMemberId,
                CourseId = course.Id,
                Version = course.Version,
                Track = track.Id,
                Kind = AttemptKind.PostTest,
                Mode = AttemptMode.Paper,
                SessionId = Id,
                Paper = paper,
                QuestionCount = QuestionCount,
                StartedAt = Details.Session.StartsAt,
                SubmittedAt = now,
                Score = correct,
                Passed = PaperScores.Passed(correct, QuestionCount, course.PassMark),
                RecordedByUserId = actor.UserId,
            });
        }
        await db.SaveChangesAsync(cancellationToken);
        var completed = 0;
        foreach (var (row, correct) in entries.Where(e => PaperScores.Passed(e.Correct, QuestionCount, course.PassMark)))
        {
            if ((await completions.TryCompleteAsync(row.StaffMemberId, course, track, cancellationToken)).Completion is not null)
            {
                completed++;
            }
        }
        await transaction.CommitAsync(cancellationToken);

        var passed = entries.Count(e => PaperScores.Passed(e.Correct, QuestionCount, course.PassMark));
        TempData["Status"] = $"Scores saved for {entries.Count} {(entries.Count == 1 ? "person" : "people")}: {passed} passed, {entries.Count - passed} did not. " +
            $"{completed} {(completed == 1 ? "person has" : "people have")} completed the course.";
        return Redirect($"/sessions/{Id}/paper-scores");
    }

    /// <summary>Adds someone who signed the paper sheet to the attendance, so their score can be entered.</summary>
    public async Task<IActionResult> OnPostMarkPresentAsync(Guid staffMemberId, CancellationToken cancellationToken)
    {
        var session = await db.LiveSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == Id, cancellationToken);
        if (session is null)
        {
            return NotFound();
        }
        var person = await db.StaffMembers.AsNoTracking().Where(s => s.Id == staffMemberId && s.Active)
            .Select(s => s.FirstName + " " + s.LastName).FirstOrDefaultAsync(cancellationToken);
        if (session.CancelledAt is not null || time.GetUtcNow().UtcDateTime < CheckInCodes.OpensAt(session))
        {
            TempData["Problem"] = "Attendance can be recorded once the session has started, and not for a cancelled session.";
        }
        else if (person is null)
        {
            TempData["Problem"] = "That person is not an active member of the practice's roster.";
        }
        else if (await checkIns.MarkPresentAsync(Id, staffMemberId, AttendanceMethod.PaperSheet, actor.UserId, cancellationToken))
        {
            TempData["Status"] = $"{person} is marked present from the sign-in sheet. Enter their score below.";
        }
        else
        {
            TempData["Status"] = $"{person} was already present.";
        }
        return Redirect($"/sessions/{Id}/paper-scores");
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        if (await SessionDetails.LoadAsync(db, tenant, catalog, Id, cancellationToken) is not { } details)
        {
            return false;
        }
        Details = details;
        Now = time.GetUtcNow().UtcDateTime;
        QuestionCount = SessionPaper.Draw(details.Course, details.Track, Id).Count;
        PassScore = PaperScores.PassScore(QuestionCount, details.Course.PassMark);
        var practiceId = tenant.PracticeId;
        var statuses = await PostTestStatus.ForSessionAsync(db, Id, cancellationToken);
        var recorded = await db.AssessmentAttempts.AsNoTracking()
            .Where(a => a.SessionId == Id && a.Kind == AttemptKind.PostTest && a.Mode == AttemptMode.Paper && a.SubmittedAt != null)
            .OrderBy(a => a.SubmittedAt)
            .Select(a => new
            {
                a.StaffMemberId,
                Score = new RecordedScore(a.Id, a.Score ?? 0, a.Passed == true,
                    db.Users.Where(u => u.Id == a.RecordedByUserId && u.PracticeId == practiceId).Select(u => u.DisplayName).FirstOrDefault(),
                    a.SubmittedAt!.Value),
            })
            .ToListAsync(cancellationToken);
        var byPerson = recorded.GroupBy(r => r.StaffMemberId).ToDictionary(g => g.Key, g => g.First().Score);
        var people = await db.Attendances.AsNoTracking()
            .Where(a => a.SessionId == Id)
            .Join(db.StaffMembers, a => a.StaffMemberId, s => s.Id, (a, s) => new { s.Id, s.FirstName, s.LastName, s.JobRole })
            .OrderBy(x => x.LastName).ThenBy(x => x.FirstName).ThenBy(x => x.Id)
            .ToListAsync(cancellationToken);
        Rows = [.. people.Select(p => new ScoreRow(p.Id, $"{p.FirstName} {p.LastName}", p.JobRole,
            statuses.GetValueOrDefault(p.Id, PostTestStatus.NotStarted), byPerson.GetValueOrDefault(p.Id)))];
        return true;
    }
}
