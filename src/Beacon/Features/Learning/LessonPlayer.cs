using Beacon.Data;
using Beacon.Features.Courses;
using Beacon.Features.ReferralDirectory;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Learning;

/// <summary>
/// A learner's course as the self-paced player shows it: the version and track they take, their progress
/// row once they have opened a lesson, and what lesson placeholders stand for in their practice.
/// </summary>
public sealed record LearnerCourse(LearnerProfile Learner, CoursePackage Course, CourseTrack Track, CourseProgress? Progress, LessonContext Lesson, string TimeZoneId)
{
    public IReadOnlyList<CourseModule> Modules => Course.ModulesOf(Track);

    /// <summary>The module's place in the track (1-based), or 0 when the track does not include it.</summary>
    public int NumberOf(string moduleId) => Track.Modules.ToList().IndexOf(moduleId) + 1;

    /// <summary>The knowledge-check questions of a block that this track answers, in the author's order.</summary>
    public IReadOnlyList<CourseQuestion> QuestionsOf(ModulePart part) =>
        [.. part.QuestionIds.Select(Course.Question).OfType<CourseQuestion>().Where(q => q.Tracks.Contains(Track.Id)).DistinctBy(q => q.Id)];

    /// <summary>Every knowledge-check question of a module for this track: all must be answered to finish it.</summary>
    public IReadOnlyList<CourseQuestion> CheckQuestionsOf(CourseModule module) =>
        [.. module.PartsFor(Track.Id).Where(p => p.Kind == ModulePartKind.KnowledgeCheck).SelectMany(QuestionsOf).DistinctBy(q => q.Id)];
}

/// <summary>Whether the learner may take the post-test now, and if not, why not.</summary>
public sealed record PostTestState(Completion? Completion, IReadOnlyList<CourseModule> ModulesLeft, bool Attended, int AttemptsUsed, int AttemptLimit, Guid? OpenAttemptId)
{
    public bool ModulesDone => ModulesLeft.Count == 0;
    public int AttemptsLeft => Math.Max(0, AttemptLimit - AttemptsUsed);
    public bool Unlocked => ModulesDone || Attended;
    public bool CanStart => Completion is null && Unlocked && (OpenAttemptId is not null || AttemptsLeft > 0);
}

/// <summary>
/// The self-paced player's bookkeeping: which course and track a learner takes, where they are (so they
/// resume on any device), how long they have spent, and when a module is finished.
/// </summary>
public sealed class LessonPlayer(BeaconDbContext db, TenantContext tenant, CourseCatalog catalog, Assessments assessments, TimeProvider time)
{
    /// <summary>The in-service every practice takes; more courses arrive with the provider's catalogue.</summary>
    public const string CourseId = "ht-medical-practice";

    /// <summary>A heartbeat comes every 30 seconds; a longer gap means the learner looked away, so it counts at most this.</summary>
    public static readonly TimeSpan HeartbeatCap = TimeSpan.FromSeconds(60);

    /// <summary>Without JavaScript only page views are seen: the time between two counts up to this much.</summary>
    public static readonly TimeSpan PageViewCap = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The learner's course: the version and track of the progress they already have for their current
    /// track (a published version never changes under them), or the newest version for a new start.
    /// Null when no version of the course is published.
    /// </summary>
    public async Task<LearnerCourse?> OpenAsync(LearnerProfile learner, CancellationToken cancellationToken)
    {
        // Untracked: the player changes progress rows only through compare-and-set updates.
        var progress = await db.CourseProgress.AsNoTracking()
            .Where(p => p.StaffMemberId == learner.StaffMemberId && p.CourseId == CourseId && p.Track == learner.DefaultTrack)
            .OrderByDescending(p => p.UpdatedAt)
            .FirstOrDefaultAsync(cancellationToken);
        var course = progress is null
            ? await catalog.CurrentAsync(CourseId, cancellationToken)
            : await catalog.GetAsync(CourseId, progress.Version, cancellationToken);
        var track = course?.Track(learner.DefaultTrack);
        if (course is null || track is null)
        {
            return null;
        }
        // The hotline as the provider keeps it in the database (it changes: the operator did in 2025), read in the
        // same query as the practice: a left join on its unique key, so one row with or without the hotline.
        var practice = await (
            from p in db.Practices.AsNoTracking().Where(p => p.Id == tenant.PracticeId)
            from r in db.NationalResources.AsNoTracking().Where(r => r.Key == NationalResourceService.HotlineKey).DefaultIfEmpty()
            select new { p.Name, p.EmployeeAssistance, p.TimeZoneId, Hotline = r })
            .FirstAsync(cancellationToken);
        var hotline = practice.Hotline is null ? null : NationalResourceService.ToResource(practice.Hotline);
        return new LearnerCourse(learner, course, track, progress, new LessonContext(practice.Name, practice.EmployeeAssistance, hotline), practice.TimeZoneId);
    }

    /// <summary>The progress row, created on the learner's first lesson view; its version and track never change.</summary>
    public async Task<CourseProgress> StartAsync(LearnerCourse opened, CancellationToken cancellationToken)
    {
        if (opened.Progress is { } existing)
        {
            return existing;
        }
        var now = Now();
        var progress = new CourseProgress
        {
            PracticeId = tenant.PracticeId,
            StaffMemberId = opened.Learner.StaffMemberId,
            CourseId = opened.Course.Id,
            Version = opened.Course.Version,
            Track = opened.Track.Id,
            StartedAt = now,
            UpdatedAt = now,
        };
        db.CourseProgress.Add(progress);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            db.Entry(progress).State = EntityState.Detached;
            return progress;
        }
        catch (DbUpdateException)
        {
            // The same learner opened a lesson on another device at the same moment: theirs stands.
            db.ChangeTracker.Clear();
            return await db.CourseProgress.AsNoTracking().FirstAsync(p => p.StaffMemberId == progress.StaffMemberId && p.CourseId == progress.CourseId
                && p.Version == progress.Version && p.Track == progress.Track, cancellationToken);
        }
    }

    /// <summary>
    /// The learner is looking at a block: the time since their last activity (at most
    /// <see cref="PageViewCap"/>) goes to the course and to the module of the page they were on, and the
    /// resume point moves here.
    /// </summary>
    public async Task RecordViewAsync(CourseProgress progress, string moduleId, int partIndex, CancellationToken cancellationToken)
    {
        var now = Now();
        var seconds = Credit(progress.UpdatedAt, now, PageViewCap);
        var previousModule = progress.CurrentModuleId;
        // Compare-and-set on the last activity: two requests racing (a heartbeat, a second tab) count a stretch once.
        var counted = await db.CourseProgress
            .Where(p => p.Id == progress.Id && p.UpdatedAt == progress.UpdatedAt)
            .ExecuteUpdateAsync(set => set
                .SetProperty(p => p.SecondsOnTask, p => p.SecondsOnTask + seconds)
                .SetProperty(p => p.UpdatedAt, now)
                .SetProperty(p => p.CurrentModuleId, moduleId)
                .SetProperty(p => p.CurrentPart, partIndex), cancellationToken);
        if (counted == 0)
        {
            seconds = 0;
            await db.CourseProgress
                .Where(p => p.Id == progress.Id)
                .ExecuteUpdateAsync(set => set
                    .SetProperty(p => p.UpdatedAt, now)
                    .SetProperty(p => p.CurrentModuleId, moduleId)
                    .SetProperty(p => p.CurrentPart, partIndex), cancellationToken);
        }
        if (previousModule is not null && previousModule != moduleId && seconds > 0)
        {
            await AddModuleTimeAsync(progress.Id, previousModule, seconds, now, cancellationToken);
            seconds = 0;
        }
        // Also marks the module as opened, for the module list.
        await AddModuleTimeAsync(progress.Id, moduleId, seconds, now, cancellationToken);
        progress.UpdatedAt = now;
        progress.CurrentModuleId = moduleId;
        progress.CurrentPart = partIndex;
    }

    /// <summary>
    /// A heartbeat from an open, focused lesson page: the time since the last activity (at most
    /// <see cref="HeartbeatCap"/>) goes to the course and the module. Returns the seconds counted.
    /// </summary>
    public async Task<int> HeartbeatAsync(CourseProgress progress, string moduleId, CancellationToken cancellationToken)
    {
        var now = Now();
        var seconds = Credit(progress.UpdatedAt, now, HeartbeatCap);
        var counted = await db.CourseProgress
            .Where(p => p.Id == progress.Id && p.UpdatedAt == progress.UpdatedAt)
            .ExecuteUpdateAsync(set => set
                .SetProperty(p => p.SecondsOnTask, p => p.SecondsOnTask + seconds)
                .SetProperty(p => p.UpdatedAt, now), cancellationToken);
        if (counted == 0)
        {
            return 0;
        }
        await AddModuleTimeAsync(progress.Id, moduleId, seconds, now, cancellationToken);
        return seconds;
    }

    /// <summary>
    /// Finishes the module when every knowledge-check question of it has been answered. Call it only when
    /// the learner has reached the module's last block. Returns whether the module is finished.
    /// </summary>
    public async Task<bool> TryCompleteModuleAsync(LearnerCourse opened, CourseProgress progress, CourseModule module, CancellationToken cancellationToken)
    {
        if (await db.ModuleCompletions.AnyAsync(m => m.ProgressId == progress.Id && m.ModuleId == module.Id, cancellationToken))
        {
            return true;
        }
        var required = opened.CheckQuestionsOf(module).Select(q => q.Id).ToList();
        var answered = await db.CheckAnswers
            .Where(a => a.ProgressId == progress.Id && required.Contains(a.QuestionId))
            .Select(a => a.QuestionId)
            .Distinct()
            .CountAsync(cancellationToken);
        if (answered < required.Count)
        {
            return false;
        }
        var seconds = await db.ModuleTimes
            .Where(m => m.ProgressId == progress.Id && m.ModuleId == module.Id)
            .Select(m => m.SecondsOnTask)
            .FirstOrDefaultAsync(cancellationToken);
        db.ModuleCompletions.Add(new ModuleCompletion
        {
            PracticeId = tenant.PracticeId,
            ProgressId = progress.Id,
            ModuleId = module.Id,
            SecondsOnTask = seconds,
            CompletedAt = time.GetUtcNow().UtcDateTime,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A second tab finished the same module a moment earlier.
            db.ChangeTracker.Clear();
        }
        return true;
    }

    /// <summary>Records a knowledge-check answer; the first answer to a question is the one that counts.</summary>
    public async Task<CheckAnswer> AnswerAsync(CourseProgress progress, CourseQuestion question, int chosen, CancellationToken cancellationToken)
    {
        var first = await db.CheckAnswers.AsNoTracking()
            .Where(a => a.ProgressId == progress.Id && a.QuestionId == question.Id)
            .OrderBy(a => a.AnsweredAt)
            .FirstOrDefaultAsync(cancellationToken);
        if (first is not null)
        {
            return first;
        }
        var answer = new CheckAnswer
        {
            PracticeId = tenant.PracticeId,
            ProgressId = progress.Id,
            QuestionId = question.Id,
            Chosen = chosen,
            Correct = chosen == question.Answer,
            AnsweredAt = time.GetUtcNow().UtcDateTime,
        };
        db.CheckAnswers.Add(answer);
        await db.SaveChangesAsync(cancellationToken);
        return answer;
    }

    /// <summary>
    /// The post-test opens once every module of the track is finished, or once the learner checked in at a
    /// live session of this course and track (the same rule <see cref="Completions"/> applies).
    /// </summary>
    public async Task<PostTestState> PostTestAsync(LearnerCourse opened, CancellationToken cancellationToken)
    {
        var staffId = opened.Learner.StaffMemberId;
        var course = opened.Course;
        var track = opened.Track;
        var completion = await db.Completions.AsNoTracking()
            .Where(c => c.StaffMemberId == staffId && c.CourseId == course.Id && c.Version == course.Version && c.Track == track.Id)
            .OrderByDescending(c => c.CompletedAt)
            .FirstOrDefaultAsync(cancellationToken);
        var done = opened.Progress is null ? [] : await db.ModuleCompletions.AsNoTracking()
            .Where(m => m.ProgressId == opened.Progress.Id)
            .Select(m => m.ModuleId)
            .ToListAsync(cancellationToken);
        var attended = await db.Attendances.AsNoTracking()
            .Where(a => a.StaffMemberId == staffId)
            .Join(db.LiveSessions.Where(s => s.CourseId == course.Id && s.Track == track.Id && s.CancelledAt == null), a => a.SessionId, s => s.Id, (a, s) => a.Id)
            .AnyAsync(cancellationToken);
        var used = await assessments.PostTestAttemptsAsync(staffId, course, track.Id, cancellationToken);
        var open = await db.AssessmentAttempts.AsNoTracking()
            .Where(a => a.StaffMemberId == staffId && a.CourseId == course.Id && a.Version == course.Version && a.Track == track.Id
                && a.Kind == AttemptKind.PostTest && a.Mode == AttemptMode.Online && a.SubmittedAt == null)
            .Select(a => (Guid?)a.Id)
            .FirstOrDefaultAsync(cancellationToken);
        return new PostTestState(completion, [.. opened.Modules.Where(m => !done.Contains(m.Id))], attended, used, course.AttemptLimit, open);
    }

    private async Task AddModuleTimeAsync(Guid progressId, string moduleId, int seconds, DateTime now, CancellationToken cancellationToken)
    {
        for (var tries = 0; tries < 2; tries++)
        {
            var updated = await db.ModuleTimes
                .Where(m => m.ProgressId == progressId && m.ModuleId == moduleId)
                .ExecuteUpdateAsync(set => set.SetProperty(m => m.SecondsOnTask, m => m.SecondsOnTask + seconds), cancellationToken);
            if (updated > 0)
            {
                return;
            }
            db.ModuleTimes.Add(new ModuleTime { PracticeId = tenant.PracticeId, ProgressId = progressId, ModuleId = moduleId, SecondsOnTask = seconds, FirstViewedAt = now });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateException)
            {
                // Created by a concurrent request: add to its row instead.
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>"less than a minute", "1 minute", "12 minutes".</summary>
    public static string DescribeTime(int seconds) => (seconds / 60) switch
    {
        0 => "less than a minute",
        1 => "1 minute",
        var minutes => $"{minutes} minutes",
    };

    /// <summary>Whole seconds between two activities, never negative, at most <paramref name="cap"/>.</summary>
    public static int Credit(DateTime last, DateTime now, TimeSpan cap) =>
        (int)Math.Clamp((now - last).TotalSeconds, 0, cap.TotalSeconds);

    // Millisecond precision: PostgreSQL keeps microseconds, so a stored time must compare equal when read back.
    private DateTime Now()
    {
        var now = time.GetUtcNow().UtcDateTime;
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
    }
}
