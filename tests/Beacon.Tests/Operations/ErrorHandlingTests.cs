using System.Net;
using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Tests.Operations;

public sealed class ErrorHandlingTests
{
    [Theory, DatabaseData]
    public async Task Api_errors_are_problem_details_and_api_callers_are_not_redirected(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync();
        var admin = await app.CreateAccountAsync(practice.PracticeId, Roles.PracticeAdmin);
        var learner = await app.CreateAccountAsync(practice.PracticeId, Roles.Learner);
        var client = await app.SignInAsync(admin);

        var invalid = await client.GetAsync("/api/v1/staff?pageSize=0");
        var missing = await client.GetAsync($"/api/v1/staff/{Guid.NewGuid()}");
        var anonymous = await app.NewClient().GetAsync("/api/v1/staff");
        var forbidden = await (await app.SignInAsync(learner)).GetAsync("/api/v1/staff");
        var list = await client.GetAsync("/api/v1/staff?pageSize=2");

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("application/problem+json", invalid.Content.Headers.ContentType?.MediaType);
        Assert.Contains("pageSize", await invalid.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Contains("\"total\":3", await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unexpected_failure_shows_a_friendly_page_without_internals()
    {
        await using var app = await BeaconApp.StartAsync(DatabaseProvider.Sqlite, a => a.WithServices(s => s.AddSingleton<IStartupFilter, ThrowingPath>()));
        var practice = await app.CreatePracticeAsync();
        var client = await app.SignInAsync(await app.CreateAccountAsync(practice.PracticeId, Roles.Learner));

        var page = await client.GetAsync("/boom");
        var api = await client.GetAsync("/api/boom");

        Assert.Equal(HttpStatusCode.InternalServerError, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Something went wrong", html, StringComparison.Ordinal);
        Assert.DoesNotContain("secret detail", html, StringComparison.Ordinal);
        Assert.DoesNotContain("ThrowingPath", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.InternalServerError, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("secret detail", await api.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>A request path that fails inside the pipeline, after Beacon's error handling.</summary>
    private sealed class ThrowingPath : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Use((HttpContext context, RequestDelegate nextMiddleware) => context.Request.Path.Value is "/boom" or "/api/boom"
                ? throw new InvalidOperationException("secret detail")
                : nextMiddleware(context));
        };
    }
}
