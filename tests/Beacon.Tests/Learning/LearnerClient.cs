using System.Net;
using AngleSharp.Dom;
using Beacon.Features.Accounts;
using Beacon.Features.Courses;
using Beacon.Features.Learning;
using Beacon.Tests.Courses;
using Beacon.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Beacon.Tests.Infrastructure.Html;

namespace Beacon.Tests.Learning;

/// <summary>A signed-in learner whose account is linked to a roster record, and what they can do in the player.</summary>
public sealed record LearnerClient(HttpClient Client, Guid StaffId, AccountSeed Account, string Track)
{
    public static CoursePackage Course { get; } = ContentLoader.Load(ShippedCourseTests.CoursePath).Package!;

    public IReadOnlyList<CourseModule> Modules => Course.ModulesOf(Course.Track(Track)!);

    public IReadOnlyList<ModulePart> PartsOf(string moduleId) => Course.Module(moduleId)!.PartsFor(Track);

    /// <summary>The knowledge-check questions of a module this learner's track answers.</summary>
    public IReadOnlyList<CourseQuestion> ChecksOf(string moduleId) =>
        [.. PartsOf(moduleId).Where(p => p.Kind == ModulePartKind.KnowledgeCheck).SelectMany(p => p.QuestionIds)
            .Select(id => Course.Question(id)!).Where(q => q.Tracks.Contains(Track))];

    public static string PartUrl(string moduleId, int part) => $"/learn/modules/{moduleId}/{part}";

    public Task<IDocument> ViewAsync(string moduleId, int part) => Client.GetPageAsync(PartUrl(moduleId, part));

    /// <summary>Answers a knowledge-check question through the page's own form (full post, no script).</summary>
    public async Task<HttpResponseMessage> AnswerAsync(string moduleId, CourseQuestion question, int choice, bool script = false)
    {
        var part = PartsOf(moduleId).ToList().FindIndex(p => p.QuestionIds.Contains(question.Id)) + 1;
        var token = await Client.GetAntiforgeryTokenAsync(PartUrl(moduleId, part));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{PartUrl(moduleId, part)}?handler=Answer")
        {
            Content = new FormUrlEncodedContent([F("QuestionId", question.Id), F("Choice", choice.ToString(System.Globalization.CultureInfo.InvariantCulture)), F("__RequestVerificationToken", token)]),
        };
        if (script)
        {
            request.Headers.Add("X-Requested-With", "fetch");
        }
        return await Client.SendAsync(request);
    }

    /// <summary>Views every block of the module in order and answers its knowledge check correctly.</summary>
    public async Task FinishModuleAsync(string moduleId)
    {
        var parts = PartsOf(moduleId);
        for (var part = 1; part <= parts.Count; part++)
        {
            await ViewAsync(moduleId, part);
        }
        foreach (var question in ChecksOf(moduleId))
        {
            var response = await AnswerAsync(moduleId, question, question.Answer);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }
    }

    public async Task FinishAllModulesAsync()
    {
        foreach (var module in Modules)
        {
            await FinishModuleAsync(module.Id);
        }
    }

    /// <summary>Starts the pre- or post-test through its page; returns the attempt id from the redirect.</summary>
    public async Task<Guid> StartTestAsync(string kind)
    {
        var response = await Client.PostFormAsync($"/learn/tests/{kind}", []);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"starting the {kind}-test answered {(int)response.StatusCode}");
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/learn/attempts/", location, StringComparison.Ordinal);
        return Guid.Parse(location["/learn/attempts/".Length..]);
    }

    /// <summary>The form fields answering an attempt: every question right, except the positions listed.</summary>
    public static async Task<List<KeyValuePair<string, string>>> AnswersAsync(BeaconApp app, Guid attemptId, params int[] wrong)
    {
        var attempt = await app.WithDbAsync(db => db.AssessmentAttempts.All().AsNoTracking().SingleAsync(a => a.Id == attemptId));
        return [.. Assessments.PaperOf(attempt).Select((item, index) =>
        {
            var right = Array.IndexOf(item.Order, Course.Question(item.Q)!.Answer) + 1;
            var shown = wrong.Contains(index + 1) ? right % item.Order.Length + 1 : right;
            return F($"Answers[{index + 1}]", shown.ToString(System.Globalization.CultureInfo.InvariantCulture));
        })];
    }
}

public static class LearnerSetup
{
    /// <summary>
    /// Signs in a learner linked to the practice's roster record number <paramref name="staffIndex"/>.
    /// TestData's practices alternate roles: index 0 is a registered nurse (clinical), index 1 front desk.
    /// </summary>
    public static async Task<LearnerClient> SignInLearnerAsync(this BeaconApp app, PracticeSeed practice, int staffIndex)
    {
        var account = await app.CreateAccountAsync(practice.PracticeId, Roles.Learner);
        var staffId = practice.StaffIds[staffIndex];
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == account.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.StaffMemberId, staffId)));
        var role = await app.WithDbAsync(db => db.StaffMembers.All().Where(s => s.Id == staffId).Select(s => s.JobRole).SingleAsync());
        return new LearnerClient(await app.SignInAsync(account), staffId, account, Learners.TrackFor(role));
    }

    /// <summary>A second device of the same person: a separate sign-in with its own cookies.</summary>
    public static async Task<LearnerClient> SecondDeviceAsync(this BeaconApp app, LearnerClient learner) =>
        learner with { Client = await app.SignInAsync(learner.Account) };
}
