using System.Text.RegularExpressions;
using Beacon.BrowserTests.Infrastructure;
using Beacon.BrowserTests.Pages;
using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Courses;
using Beacon.Features.Learning;
using Beacon.Tests.Certificates;
using Beacon.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Beacon.BrowserTests;

/// <summary>A front-desk learner takes the whole non-clinical track alone, by keyboard, and passes; axe on every page.</summary>
public sealed partial class SelfPacedTests
{
    [Fact]
    public async Task Front_desk_learner_reads_every_module_by_keyboard_answers_the_checks_and_passes_the_post_test()
    {
        await using var app = await BrowserApp.StartAsync(DatabaseProvider.Sqlite);
        var practice = await app.CreatePracticeAsync(staff: 2);
        var account = await app.CreateAccountAsync(practice.PracticeId, Roles.Learner);
        var frontDesk = practice.StaffIds[1];
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == account.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.StaffMemberId, frontDesk)));
        var admin = await app.CreateAccountAsync(practice.PracticeId, Roles.PracticeAdmin);
        var learnerName = await app.WithDbAsync(db => db.StaffMembers.IgnoreQueryFilters().Where(s => s.Id == frontDesk).Select(s => s.FirstName + " " + s.LastName).SingleAsync());
        var course = PostTestPage.Course;
        var track = course.Track(Learners.NonClinicalTrack)!;

        await Browser.WithPageAsync(nameof(Front_desk_learner_reads_every_module_by_keyboard_answers_the_checks_and_passes_the_post_test), async page =>
        {
            await page.GotoAsync(app.BaseUrl + "/account/sign-in");
            await page.GetByLabel("Email address").FillAsync(account.Email);
            await page.GetByLabel("Password").FillAsync(account.Password);
            await page.Keyboard.PressAsync("Enter");
            await page.GetByRole(AriaRole.Link, new() { Name = "My training" }).ClickAsync();

            // The content note comes before anything else.
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("My training");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Before you start" })).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator(".content-note")).ToContainTextAsync("can still be upsetting");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Your track: {track.Title}" })).ToBeVisibleAsync();
            await page.AssertAccessibleAsync();
            await PressAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Start the course" }));

            var modules = course.ModulesOf(track);
            for (var m = 0; m < modules.Count; m++)
            {
                var parts = modules[m].PartsFor(track.Id);
                for (var p = 0; p < parts.Count; p++)
                {
                    await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(modules[m].Title);
                    await Assertions.Expect(page.Locator("#part-progress")).ToHaveTextAsync($"Part {p + 1} of {parts.Count}");
                    if (parts[p].Kind == ModulePartKind.KnowledgeCheck)
                    {
                        await page.AssertAccessibleAsync();
                        await AnswerChecksAsync(page, course, parts[p], track.Id, byKeyboard: m == 0);
                        await Assertions.Expect(page.Locator("#module-status")).ToHaveTextAsync("You have finished this module.");
                    }
                    await page.AssertAccessibleAsync();
                    if (m == 0 && p == 0)
                    {
                        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "In this module you will learn to" })).ToBeVisibleAsync();
                        await page.GetByRole(AriaRole.Link, new() { Name = "Printable version of this module" }).ClickAsync();
                        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(modules[0].Title);
                        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Print this module" })).ToBeVisibleAsync();
                        await Assertions.Expect(page.GetByText("Best answer", new() { Exact = true })).ToHaveCountAsync(0);
                        await page.AssertAccessibleAsync();
                        await page.GoBackAsync();
                    }
                    var next = p < parts.Count - 1 ? "Next" : m < modules.Count - 1 ? "Next module" : "Back to My training";
                    await PressAsync(page, page.GetByRole(AriaRole.Link, new() { Name = next, Exact = true }));
                }
            }

            // Back on My training: every module done, the post-test open.
            await Assertions.Expect(page.Locator(".module-status")).ToHaveTextAsync([.. modules.Select(_ => "Done")]);
            await page.AssertAccessibleAsync();
            await PressAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Take the post-test" }));
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Post-test");
            await page.AssertAccessibleAsync();
            await PressAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Start the post-test" }));

            var attemptId = await PostTestPage.AnswerEverythingCorrectlyAsync(page, app, PressAsync);
            var attempt = await app.WithDbAsync(db => db.AssessmentAttempts.IgnoreQueryFilters().AsNoTracking().SingleAsync(a => a.Id == attemptId));
            var paper = Assessments.PaperOf(attempt);
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Completed" })).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator(".certificate-number")).ToHaveTextAsync(new Regex("^BCN-2026-"));
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Download your certificate (PDF)" })).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator(".reviewed-question")).ToHaveCountAsync(track.PostTest);
            var first = course.Question(paper[0].Q)!;
            await Assertions.Expect(page.Locator(".reviewed-question").First).ToContainTextAsync(first.Rationale.Split('(')[0].Trim());
            await page.AssertAccessibleAsync();

            // The certificate: the PDF carries the learner's name and the number, and its QR code opens the public check.
            var number = await page.Locator(".certificate-number").TextContentAsync();
            var download = await page.RunAndWaitForDownloadAsync(() =>
                page.GetByRole(AriaRole.Link, new() { Name = "Download your certificate (PDF)" }).ClickAsync());
            var saved = Path.Combine(app.DataDirectory, download.SuggestedFilename);
            await download.SaveAsAsync(saved);
            var pdf = await File.ReadAllBytesAsync(saved);
            var text = Regex.Replace(await PdfTools.TextAsync(pdf), "\\s+", " ");
            Assert.Contains(learnerName, text, StringComparison.Ordinal);
            Assert.Contains(number!, text, StringComparison.Ordinal);
            var qr = await PdfTools.QrCodeAsync(pdf);
            Assert.NotNull(qr);
            var verifyPath = new Uri(qr).AbsolutePath;
            Assert.StartsWith("/verify/", verifyPath, StringComparison.Ordinal);

            await page.GotoAsync(app.BaseUrl + verifyPath);
            await Assertions.Expect(page.Locator("#certificate-status")).ToHaveTextAsync("Valid");
            await Assertions.Expect(page.GetByText(learnerName)).ToBeVisibleAsync();
            await page.AssertAccessibleAsync();

            // The practice administrator revokes it; the same QR address now says so.
            await Browser.WithPageAsync(nameof(Front_desk_learner_reads_every_module_by_keyboard_answers_the_checks_and_passes_the_post_test) + "-admin", async adminPage =>
            {
                await adminPage.GotoAsync(app.BaseUrl + "/account/sign-in");
                await adminPage.GetByLabel("Email address").FillAsync(admin.Email);
                await adminPage.GetByLabel("Password").FillAsync(admin.Password);
                await adminPage.Keyboard.PressAsync("Enter");
                await adminPage.WaitForURLAsync(url => !url.Contains("/account/sign-in", StringComparison.Ordinal));
                var certificateId = await app.WithDbAsync(db => db.Certificates.IgnoreQueryFilters().Where(c => c.Number == number).Select(c => c.Id).SingleAsync());
                await adminPage.GotoAsync(app.BaseUrl + $"/certificates/{certificateId}");
                await adminPage.GetByLabel("Reason for revoking").FillAsync("Completed under another person's sign-in");
                await adminPage.GetByRole(AriaRole.Button, new() { Name = $"Revoke certificate {number}" }).ClickAsync();
                await Assertions.Expect(adminPage.GetByRole(AriaRole.Status)).ToContainTextAsync($"Certificate {number} is revoked");
            });
            await page.GotoAsync(app.BaseUrl + verifyPath);
            await Assertions.Expect(page.Locator("#certificate-status")).ToContainTextAsync("Revoked on");
            await page.AssertAccessibleAsync();
        });

        var completion = await app.WithDbAsync(db => db.Completions.IgnoreQueryFilters().AsNoTracking().SingleAsync());
        Assert.Equal((course.Version, track.Id, CompletionBasis.SelfPaced), (completion.Version, completion.Track, completion.Basis));
    }

    /// <summary>Answers every question of a knowledge check correctly; the first by keyboard alone (arrow keys pick the option).</summary>
    private static async Task AnswerChecksAsync(IPage page, CoursePackage course, ModulePart part, string track, bool byKeyboard)
    {
        var questions = part.QuestionIds.Select(id => course.Question(id)!).Where(q => q.Tracks.Contains(track)).ToList();
        foreach (var question in questions)
        {
            var section = page.Locator($"#check-{question.Id}");
            await Assertions.Expect(section.GetByText("Best answer", new() { Exact = true })).ToHaveCountAsync(0);
            if (byKeyboard && question == questions[0])
            {
                await section.GetByRole(AriaRole.Radio).First.FocusAsync();
                await page.Keyboard.PressAsync("Space");
                for (var i = 1; i < question.Answer; i++)
                {
                    await page.Keyboard.PressAsync("ArrowDown");
                }
                await page.Keyboard.PressAsync("Tab");
                await page.Keyboard.PressAsync("Enter");
            }
            else
            {
                await section.GetByRole(AriaRole.Radio).Nth(question.Answer - 1).CheckAsync();
                await section.GetByRole(AriaRole.Button, new() { Name = "Check my answer" }).ClickAsync();
            }
            // The script swaps in this question's feedback and announces it in the live region.
            var feedback = page.Locator($"#check-{question.Id}");
            await Assertions.Expect(feedback).ToContainTextAsync($"Correct: {AnswerText.Letter(question.Answer)} is the best answer.");
            await Assertions.Expect(feedback).ToContainTextAsync(question.Rationale.Split('(')[0].Trim());
            await Assertions.Expect(page.Locator("#check-announcer")).ToContainTextAsync("Correct");
            await Assertions.Expect(page.Locator($"#check-{question.Id}-heading")).ToBeFocusedAsync();
        }
    }

    /// <summary>Moves focus to a control and presses Enter, as a keyboard user would.</summary>
    private static async Task PressAsync(IPage page, ILocator control)
    {
        await control.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
    }
}
