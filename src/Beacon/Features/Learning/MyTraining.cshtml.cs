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
/// A learner's start page: their course and track, the content note, each module with its status, where to
/// resume, the pre- and post-test, and what they have completed.
/// </summary>
[Authorize(Policy = Policies.PracticeMember)]
public sealed class MyTrainingModel(BeaconDbContext db, Learners learners, LessonPlayer player, CourseCatalog catalog) : PageModel
{
    public LearnerCourse? Opened { get; private set; }
    public bool NoRosterRecord { get; private set; }
    public IReadOnlyList<ModuleRow> Modules { get; private set; } = [];
    public ResumePoint? Resume { get; private set; }
    public PreTestRow? PreTest { get; private set; }
    public PostTestState PostTest { get; private set; } = null!;
    public IReadOnlyList<CompletionRow> Completions { get; private set; } = [];
    public PracticeClock Clock { get; private set; } = PracticeClock.Utc;

    public enum ModuleStatus
    {
        NotStarted,
        InProgress,
        Done,
    }

    public sealed record ModuleRow(int Number, string Id, string Title, int Minutes, ModuleStatus Status);

    public sealed record ResumePoint(string ModuleTitle, int ModuleNumber, int Part, int Parts, string Url);

    public sealed record PreTestRow(Guid? OpenAttemptId, Guid? LastAttemptId, int? Score, int Questions, DateTime? SubmittedAt);

    public sealed record CompletionRow(DateOnly CompletedOn, string Course, string Version, string Track, string? CertificateNumber, Guid? CertificateId);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var learner = await learners.CurrentAsync(cancellationToken);
        if (learner is null)
        {
            NoRosterRecord = true;
            return Page();
        }
        Opened = await player.OpenAsync(learner, cancellationToken);
        if (Opened is null)
        {
            return Page();
        }
        Clock = PracticeClock.For(Opened.TimeZoneId);
        var progress = Opened.Progress;
        var done = new HashSet<string>(StringComparer.Ordinal);
        var opened = new HashSet<string>(StringComparer.Ordinal);
        if (progress is not null)
        {
            done.UnionWith(await db.ModuleCompletions.AsNoTracking().Where(m => m.ProgressId == progress.Id).Select(m => m.ModuleId).ToListAsync(cancellationToken));
            opened.UnionWith(await db.ModuleTimes.AsNoTracking().Where(m => m.ProgressId == progress.Id).Select(m => m.ModuleId).ToListAsync(cancellationToken));
        }
        Modules = [.. Opened.Modules.Select((m, i) => new ModuleRow(i + 1, m.Id, m.Title, m.Minutes.GetValueOrDefault(Opened.Track.Id),
            done.Contains(m.Id) ? ModuleStatus.Done : opened.Contains(m.Id) ? ModuleStatus.InProgress : ModuleStatus.NotStarted))];

        if (progress?.CurrentModuleId is { } currentId && Opened.Course.Module(currentId) is { } current && Opened.NumberOf(currentId) > 0)
        {
            var parts = current.PartsFor(Opened.Track.Id).Count;
            var part = Math.Clamp(progress.CurrentPart, 0, Math.Max(0, parts - 1)) + 1;
            Resume = new ResumePoint(current.Title, Opened.NumberOf(currentId), part, parts, $"/learn/modules/{current.Id}/{part}");
        }

        PostTest = await player.PostTestAsync(Opened, cancellationToken);
        PreTest = await PreTestAsync(Opened, cancellationToken);
        Completions = await CompletionsAsync(learner.StaffMemberId, cancellationToken);
        return Page();
    }

    public IActionResult OnPost() => BadRequest();

    /// <summary>The first module not yet done, for the start button: new learners begin at module 1.</summary>
    public string StartUrl => $"/learn/modules/{(Modules.FirstOrDefault(m => m.Status != ModuleStatus.Done) ?? Modules[0]).Id}/1";

    public static string Describe(ModuleStatus status) => status switch
    {
        ModuleStatus.Done => "Done",
        ModuleStatus.InProgress => "In progress",
        _ => "Not started",
    };

    /// <summary>One line on what a track covers: the full course, or the shorter one for staff who do not see patients clinically.</summary>
    public static string Covers(CourseTrack track, int modules) => track.Id switch
    {
        Learners.ClinicalTrack => $"The full course in {modules} modules: what trafficking is, the warning signs, a trauma-informed approach, responding, legal duties, partners and follow-up care.",
        Learners.NonClinicalTrack => $"A shorter course in {modules} modules, focused on noticing warning signs at the desk, on the phone or in billing, and passing them on safely.",
        _ => $"{modules} modules for: {track.Audience}.",
    };

    private async Task<PreTestRow> PreTestAsync(LearnerCourse opened, CancellationToken cancellationToken)
    {
        var staffId = opened.Learner.StaffMemberId;
        var attempts = await db.AssessmentAttempts.AsNoTracking()
            .Where(a => a.StaffMemberId == staffId && a.CourseId == opened.Course.Id && a.Version == opened.Course.Version && a.Track == opened.Track.Id && a.Kind == AttemptKind.PreTest)
            .Select(a => new { a.Id, a.SubmittedAt, a.Score, a.QuestionCount, a.Mode })
            .ToListAsync(cancellationToken);
        var last = attempts.Where(a => a.SubmittedAt is not null).MaxBy(a => a.SubmittedAt);
        var open = attempts.FirstOrDefault(a => a.SubmittedAt is null && a.Mode == AttemptMode.Online);
        return new PreTestRow(open?.Id, last?.Id, last?.Score, last?.QuestionCount ?? opened.Track.PreTest, last?.SubmittedAt);
    }

    private async Task<IReadOnlyList<CompletionRow>> CompletionsAsync(Guid staffId, CancellationToken cancellationToken)
    {
        var rows = await db.Completions.AsNoTracking()
            .Where(c => c.StaffMemberId == staffId)
            .OrderByDescending(c => c.CompletedAt)
            .Select(c => new
            {
                c.CompletedOn,
                c.CourseId,
                c.Version,
                c.Track,
                Certificate = db.Certificates.Where(x => x.CompletionId == c.Id).Select(x => new { x.Id, x.Number }).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        var list = new List<CompletionRow>();
        foreach (var row in rows)
        {
            var course = await catalog.GetAsync(row.CourseId, row.Version, cancellationToken);
            list.Add(new CompletionRow(row.CompletedOn, course?.Title ?? row.CourseId, row.Version, course?.Track(row.Track)?.Title ?? row.Track,
                row.Certificate?.Number, row.Certificate?.Id));
        }
        return list;
    }
}
