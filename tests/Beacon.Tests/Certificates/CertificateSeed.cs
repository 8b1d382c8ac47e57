using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Courses;
using Beacon.Features.Learning;
using Beacon.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Tests.Certificates;

/// <summary>A learner with a signed-in account linked to their roster record.</summary>
public sealed record LearnerSeed(Guid StaffMemberId, string Name, string Email, AccountSeed Account);

/// <summary>A completion made the way the player makes one: modules done, post-test passed, then TryCompleteAsync.</summary>
public sealed record CompletionSeed(Guid CompletionId, Guid CertificateId, string Number, string VerificationCode);

/// <summary>Arranges learners, attempts and completions through Beacon's own learning services.</summary>
public static class CertificateSeed
{
    public const string CourseId = "ht-medical-practice";

    public static async Task<CoursePackage> CourseAsync(this BeaconApp app) =>
        (await app.Services.GetRequiredService<CourseCatalog>().CurrentAsync(CourseId, CancellationToken.None))!;

    /// <summary>Gives roster person <paramref name="staffMemberId"/> a learner account linked to their record.</summary>
    public static async Task<LearnerSeed> LearnerAsync(this BeaconApp app, Guid practiceId, Guid staffMemberId)
    {
        var account = await app.CreateAccountAsync(practiceId, Roles.Learner);
        var person = await app.WithDbAsync(async db =>
        {
            await db.Users.Where(u => u.Id == account.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.StaffMemberId, staffMemberId));
            return await db.StaffMembers.All().Where(s => s.Id == staffMemberId).Select(s => new { s.FirstName, s.LastName, s.Email }).SingleAsync();
        });
        return new LearnerSeed(staffMemberId, $"{person.FirstName} {person.LastName}", person.Email, account);
    }

    /// <summary>A submitted attempt; <paramref name="correct"/> of its questions answered right.</summary>
    public static async Task<Guid> AttemptAsync(this BeaconApp app, Guid practiceId, Guid staffMemberId, string trackId, AttemptKind kind, int correct)
    {
        var course = await app.CourseAsync();
        var track = course.Track(trackId)!;
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().ActForPractice(practiceId);
        var engine = scope.ServiceProvider.GetRequiredService<Assessments>();
        var attempt = (await engine.StartAsync(staffMemberId, course, track, kind, null, CancellationToken.None))!;
        var answers = Assessments.PaperOf(attempt)
            .Select((item, index) => (Position: index + 1, Right: Array.IndexOf(item.Order, course.Question(item.Q)!.Answer) + 1))
            .ToDictionary(x => x.Position, x => x.Position <= correct ? x.Right : x.Right % 4 + 1);
        Assert.Equal(SubmitOutcome.Scored, await engine.SubmitAsync(attempt.Id, staffMemberId, course, answers, null, CancellationToken.None));
        return attempt.Id;
    }

    /// <summary>Every module of the track done, a passed post-test, and the completion with its certificate.</summary>
    public static async Task<CompletionSeed> CompleteAsync(this BeaconApp app, Guid practiceId, Guid staffMemberId, string trackId = "non-clinical")
    {
        var course = await app.CourseAsync();
        var track = course.Track(trackId)!;
        var now = app.Time.GetUtcNow().UtcDateTime;
        await app.WithDbAsync(async db =>
        {
            var progress = new CourseProgress
            {
                PracticeId = practiceId,
                StaffMemberId = staffMemberId,
                CourseId = course.Id,
                Version = course.Version,
                Track = track.Id,
                StartedAt = now,
                UpdatedAt = now,
            };
            db.CourseProgress.Add(progress);
            db.ModuleCompletions.AddRange(track.Modules.Select(m => new ModuleCompletion { PracticeId = practiceId, ProgressId = progress.Id, ModuleId = m, CompletedAt = now, SecondsOnTask = 300 }));
            await db.SaveChangesAsync();
        }, practiceId);
        await app.AttemptAsync(practiceId, staffMemberId, trackId, AttemptKind.PostTest, correct: 18);

        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().ActForPractice(practiceId);
        var check = await scope.ServiceProvider.GetRequiredService<Completions>().TryCompleteAsync(staffMemberId, course, track, CancellationToken.None);
        Assert.True(check.Completion is not null, check.Missing);
        var certificate = await scope.ServiceProvider.GetRequiredService<BeaconDbContext>().Certificates.AsNoTracking()
            .SingleAsync(c => c.CompletionId == check.Completion!.Id);
        return new CompletionSeed(check.Completion!.Id, certificate.Id, certificate.Number, certificate.VerificationCode);
    }
}
