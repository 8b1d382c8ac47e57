using System.Text.RegularExpressions;
using Beacon.BrowserTests.Infrastructure;
using Beacon.Features.Courses;
using Beacon.Features.Learning;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Beacon.BrowserTests.Pages;

/// <summary>
/// A post-test attempt page: the test reads the paper drawn for this attempt from the database and the
/// answers from the course package on disk (the page itself never carries them), then answers and submits.
/// </summary>
public static partial class PostTestPage
{
    public static CoursePackage Course { get; } = ContentLoader.Load(CoursePath()).Package!;

    /// <summary>Waits for the attempt page, picks the best answer of every question as shown, submits, and returns the attempt id.</summary>
    public static async Task<Guid> AnswerEverythingCorrectlyAsync(IPage page, BrowserApp app, Func<IPage, ILocator, Task>? press = null)
    {
        await page.WaitForURLAsync(AttemptUrl());
        var attemptId = Guid.Parse(AttemptUrl().Match(page.Url).Groups[1].Value);
        var attempt = await app.WithDbAsync(db => db.AssessmentAttempts.IgnoreQueryFilters().AsNoTracking().SingleAsync(a => a.Id == attemptId));
        var paper = Assessments.PaperOf(attempt);
        await Assertions.Expect(page.GetByRole(AriaRole.Group)).ToHaveCountAsync(paper.Count);
        await page.AssertAccessibleAsync();
        for (var i = 0; i < paper.Count; i++)
        {
            var shown = Array.IndexOf(paper[i].Order, Course.Question(paper[i].Q)!.Answer) + 1;
            await page.Locator($"#q{i + 1}-option-{shown}").CheckAsync();
        }
        var submit = page.GetByRole(AriaRole.Button, new() { Name = "Submit my answers" });
        if (press is null)
        {
            await submit.ClickAsync();
        }
        else
        {
            await press(page, submit);
        }
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Post-test result");
        await Assertions.Expect(page.Locator(".result-summary")).ToContainTextAsync($"You scored {paper.Count} of {paper.Count} (100%).");
        await Assertions.Expect(page.Locator(".result-summary")).ToContainTextAsync("Passed");
        return attemptId;
    }

    private static string CoursePath()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Beacon.slnx")))
        {
            directory = directory.Parent;
        }
        return Path.Combine(directory!.FullName, "content", "courses", "ht-medical-practice");
    }

    [GeneratedRegex(@"/learn/attempts/([0-9a-f-]{36})$")]
    private static partial Regex AttemptUrl();
}
