using Beacon.Data;
using Beacon.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Tests.Security;

public sealed class PolicyCoverageTests
{
    /// <summary>
    /// Every endpoint the app serves (discovered from its endpoint data source, so a new page or API route
    /// cannot be missed) names an authorization policy that exists, or says explicitly that it is public.
    /// </summary>
    [Fact]
    public async Task Every_page_and_endpoint_names_an_existing_policy_or_allows_anonymous_access_explicitly()
    {
        await using var app = await BeaconApp.StartAsync(DatabaseProvider.Sqlite);
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var policies = app.Services.GetRequiredService<IAuthorizationPolicyProvider>();

        var missing = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var name = $"{endpoint.RoutePattern.RawText} ({endpoint.DisplayName})";
            if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            {
                continue;
            }
            var named = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Where(a => !string.IsNullOrEmpty(a.Policy)).ToList();
            if (named.Count == 0)
            {
                missing.Add(name);
                continue;
            }
            foreach (var authorize in named)
            {
                if (await policies.GetPolicyAsync(authorize.Policy!) is null)
                {
                    missing.Add($"{name} names unknown policy {authorize.Policy}");
                }
            }
        }

        Assert.True(endpoints.Count > 10, $"only {endpoints.Count} endpoints found");
        Assert.True(missing.Count == 0, "Endpoints without an explicit policy:\n" + string.Join("\n", missing));
    }

    /// <summary>The public surface is short and deliberate: adding to it is a decision this list records.</summary>
    [Fact]
    public async Task Only_the_deliberately_public_pages_allow_anonymous_access()
    {
        await using var app = await BeaconApp.StartAsync(DatabaseProvider.Sqlite);
        var anonymous = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();

        string[] expected =
        [
            "/account/accept-invitation",
            "/account/forgot-password",
            "/account/mfa",
            "/account/reset-password",
            "/account/sign-in",
            "/account/sign-out",
            // Private calendar feeds: calendar apps cannot sign in; the 128-bit token in the address is the credential.
            "/calendar/{token}",
            "/error/{code:int}",
            "/health/live",
            "/health/ready",
            "/setup",
            // The public check behind a certificate's QR code (and its form): name, course, date, valid or revoked.
            "/verify/{code?}",
        ];
        Assert.Equal(expected, anonymous);
    }
}
