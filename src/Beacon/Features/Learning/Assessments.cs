using System.Security.Cryptography;
using System.Text.Json;
using Beacon.Data;
using Beacon.Features.Courses;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Learning;

/// <summary>One drawn question of an attempt: its id and the order its options were shown in (1-based, package order).</summary>
public sealed record PaperItem(string Q, int[] Order);

/// <summary>A question as a learner sees it before submitting: no answer, no rationale.</summary>
public sealed record PresentedQuestion(int Position, string Stem, IReadOnlyList<PresentedOption> Options);

/// <summary>An option as shown: its shown position (1-based) and text.</summary>
public sealed record PresentedOption(int Shown, string Text);

/// <summary>A submitted item with its answer revealed.</summary>
public sealed record MarkedQuestion(int Position, string QuestionId, string Stem, IReadOnlyList<PresentedOption> Options, int? ChosenShown, int CorrectShown, bool Correct, string Rationale, IReadOnlyList<string> Sources);

public enum SubmitOutcome
{
    Scored,
    AlreadySubmitted,
    NotFound,
}

/// <summary>
/// The pre/post-test engine. Questions are drawn and shuffled on the server when an attempt starts and
/// stored with it (the paper); the browser only ever receives stems and options in shown order. Scoring
/// happens on the server from stored answers; a submit is accepted once (a conditional update), so a
/// double submit records one attempt.
/// </summary>
public sealed class Assessments(BeaconDbContext db, TenantContext tenant, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Post-test attempts used so far in this course version and track (submitted or not).</summary>
    public Task<int> PostTestAttemptsAsync(Guid staffMemberId, CoursePackage course, string track, CancellationToken cancellationToken) =>
        db.AssessmentAttempts.CountAsync(a => a.StaffMemberId == staffMemberId && a.CourseId == course.Id && a.Version == course.Version
            && a.Track == track && a.Kind == AttemptKind.PostTest && a.SubmittedAt != null, cancellationToken);

    /// <summary>
    /// The open (unsubmitted) attempt of this kind, or a newly drawn one. Returns null when the post-test
    /// attempt limit is used up. The pre-test never gates anything and has no limit.
    /// </summary>
    public async Task<AssessmentAttempt?> StartAsync(Guid staffMemberId, CoursePackage course, CourseTrack track, AttemptKind kind, Guid? sessionId, CancellationToken cancellationToken)
    {
        var open = await db.AssessmentAttempts.FirstOrDefaultAsync(a => a.StaffMemberId == staffMemberId && a.CourseId == course.Id && a.Version == course.Version
            && a.Track == track.Id && a.Kind == kind && a.SubmittedAt == null && a.Mode == AttemptMode.Online, cancellationToken);
        if (open is not null)
        {
            return open;
        }
        if (kind == AttemptKind.PostTest && await PostTestAttemptsAsync(staffMemberId, course, track.Id, cancellationToken) >= course.AttemptLimit)
        {
            return null;
        }
        var paper = Draw(course, track, kind == AttemptKind.PreTest ? track.PreTest : track.PostTest);
        var attempt = new AssessmentAttempt
        {
            PracticeId = tenant.PracticeId,
            StaffMemberId = staffMemberId,
            CourseId = course.Id,
            Version = course.Version,
            Track = track.Id,
            Kind = kind,
            Mode = AttemptMode.Online,
            SessionId = sessionId,
            Paper = JsonSerializer.Serialize(paper, Json),
            QuestionCount = paper.Count,
            StartedAt = time.GetUtcNow().UtcDateTime,
        };
        db.AssessmentAttempts.Add(attempt);
        await db.SaveChangesAsync(cancellationToken);
        return attempt;
    }

    /// <summary>
    /// Draws <paramref name="count"/> questions from the track's test pool, spread across its modules as
    /// evenly as the pool allows, each with its options shuffled. Uses a cryptographic generator: what a
    /// learner gets cannot be predicted from what a colleague got.
    /// </summary>
    public static List<PaperItem> Draw(CoursePackage course, CourseTrack track, int count) =>
        Draw(course, track, count, RandomNumberGenerator.GetInt32);

    /// <summary>
    /// The same draw, made deterministic by <paramref name="seed"/>: a live session's paper test is printed
    /// more than once (spare copies, a second room) and must be the same test each time, so it is drawn
    /// from the session id. Online attempts keep the cryptographic draw.
    /// </summary>
    public static List<PaperItem> Draw(CoursePackage course, CourseTrack track, int count, Guid seed) =>
        Draw(course, track, count, new SeededSequence(seed).Next);

    private static List<PaperItem> Draw(CoursePackage course, CourseTrack track, int count, Func<int, int> next)
    {
        var byModule = course.TestPool(track)
            .GroupBy(q => q.Module)
            .Select(g => new Queue<CourseQuestion>(Shuffle(g.ToList(), next)))
            .ToList();
        var drawn = new List<CourseQuestion>();
        // Round-robin over modules so every module is represented before any repeats a draw.
        while (drawn.Count < count && byModule.Any(q => q.Count > 0))
        {
            foreach (var queue in Shuffle(byModule.Where(q => q.Count > 0).ToList(), next))
            {
                if (drawn.Count == count)
                {
                    break;
                }
                drawn.Add(queue.Dequeue());
            }
        }
        return [.. Shuffle(drawn, next).Select(q => new PaperItem(q.Id, Shuffle(Enumerable.Range(1, q.Options.Count).ToList(), next).ToArray()))];
    }

    public static IReadOnlyList<PaperItem> PaperOf(AssessmentAttempt attempt) =>
        JsonSerializer.Deserialize<List<PaperItem>>(attempt.Paper, Json) ?? [];

    /// <summary>The attempt's questions as the learner sees them: stems and options, nothing that reveals the answer.</summary>
    public static IReadOnlyList<PresentedQuestion> Present(CoursePackage course, AssessmentAttempt attempt) =>
        [.. PaperOf(attempt).Select((item, index) =>
        {
            var question = course.Question(item.Q)!;
            return new PresentedQuestion(index + 1, question.Stem, [.. item.Order.Select((original, shown) => new PresentedOption(shown + 1, question.Options[original - 1]))]);
        })];

    /// <summary>
    /// Scores answers given by shown position (question position → shown option, 1-based). The first
    /// submit wins; later ones change nothing and say so.
    /// </summary>
    public async Task<SubmitOutcome> SubmitAsync(Guid attemptId, Guid staffMemberId, CoursePackage course, IReadOnlyDictionary<int, int> answers, Guid? recordedBy, CancellationToken cancellationToken)
    {
        var attempt = await db.AssessmentAttempts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == attemptId && a.StaffMemberId == staffMemberId, cancellationToken);
        if (attempt is null)
        {
            return SubmitOutcome.NotFound;
        }
        if (attempt.SubmittedAt is not null)
        {
            return SubmitOutcome.AlreadySubmitted;
        }

        var paper = PaperOf(attempt);
        var rows = new List<AttemptAnswer>();
        for (var i = 0; i < paper.Count; i++)
        {
            var item = paper[i];
            var question = course.Question(item.Q)!;
            int? chosen = answers.TryGetValue(i + 1, out var shown) && shown >= 1 && shown <= item.Order.Length ? item.Order[shown - 1] : null;
            rows.Add(new AttemptAnswer
            {
                PracticeId = attempt.PracticeId,
                AttemptId = attempt.Id,
                Position = i + 1,
                QuestionId = item.Q,
                Chosen = chosen,
                Correct = chosen == question.Answer,
            });
        }
        var score = rows.Count(r => r.Correct);
        var percent = paper.Count == 0 ? 0 : score * 100 / paper.Count;
        var passed = attempt.Kind == AttemptKind.PostTest && percent >= course.PassMark;
        var now = time.GetUtcNow().UtcDateTime;

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var claimed = await db.AssessmentAttempts
            .Where(a => a.Id == attempt.Id && a.SubmittedAt == null)
            .ExecuteUpdateAsync(set => set
                .SetProperty(a => a.SubmittedAt, now)
                .SetProperty(a => a.Score, score)
                .SetProperty(a => a.Passed, attempt.Kind == AttemptKind.PostTest ? passed : null)
                .SetProperty(a => a.RecordedByUserId, recordedBy), cancellationToken);
        if (claimed != 1)
        {
            return SubmitOutcome.AlreadySubmitted;
        }
        db.AttemptAnswers.AddRange(rows);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return SubmitOutcome.Scored;
    }

    /// <summary>A submitted attempt with every answer revealed: only ever called after submission.</summary>
    public async Task<IReadOnlyList<MarkedQuestion>> MarkedAsync(AssessmentAttempt attempt, CoursePackage course, CancellationToken cancellationToken)
    {
        if (attempt.SubmittedAt is null)
        {
            throw new InvalidOperationException("Answers are revealed only after submission.");
        }
        var chosen = await db.AttemptAnswers.AsNoTracking().Where(a => a.AttemptId == attempt.Id)
            .ToDictionaryAsync(a => a.Position, a => a.Chosen, cancellationToken);
        return [.. PaperOf(attempt).Select((item, index) =>
        {
            var question = course.Question(item.Q)!;
            var shownOf = item.Order.Select((original, shown) => (original, shown: shown + 1)).ToDictionary(x => x.original, x => x.shown);
            var pick = chosen.GetValueOrDefault(index + 1);
            return new MarkedQuestion(index + 1, question.Id, question.Stem,
                [.. item.Order.Select((original, shown) => new PresentedOption(shown + 1, question.Options[original - 1]))],
                pick is { } p ? shownOf[p] : null, shownOf[question.Answer], pick == question.Answer, question.Rationale, question.Sources);
        })];
    }

    private static List<T> Shuffle<T>(List<T> items, Func<int, int> next)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
        return items;
    }

    /// <summary>
    /// Numbers from SHA-256 of (seed, counter): the same seed gives the same sequence on every machine and
    /// every .NET version, which System.Random does not promise for a printed test that must never change.
    /// </summary>
    private sealed class SeededSequence(Guid seed)
    {
        private readonly byte[] _input = [.. seed.ToByteArray(), 0, 0, 0, 0, 0, 0, 0, 0];
        private long _counter;

        /// <summary>A uniform number in [0, maxExclusive), by rejection so no value is favoured.</summary>
        public int Next(int maxExclusive)
        {
            var limit = uint.MaxValue - (uint.MaxValue % (uint)maxExclusive);
            while (true)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(_input.AsSpan(16), _counter++);
                var value = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(SHA256.HashData(_input));
                if (value < limit)
                {
                    return (int)(value % (uint)maxExclusive);
                }
            }
        }
    }
}
