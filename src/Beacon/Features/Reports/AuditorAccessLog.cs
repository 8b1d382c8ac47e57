using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Audit;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Beacon.Features.Reports;

/// <summary>
/// Every page an outside auditor opens (reports, exports, transcripts, certificates, the audit log) is written
/// to the practice's audit log: who, which page, which record and which filters. It runs before the page, in a
/// context of its own, so a download that streams or a page that fails is recorded all the same.
/// </summary>
public sealed class AuditorAccessLog(TenantContext tenant, AuditLog audit) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var user = context.HttpContext.User;
        var request = context.HttpContext.Request;
        if (tenant.HasPractice && IsOutsideAuditor(user) && !request.Path.StartsWithSegments("/account", StringComparison.OrdinalIgnoreCase))
        {
            var filters = request.Query
                .Where(q => q.Key is not "__RequestVerificationToken")
                .OrderBy(q => q.Key, StringComparer.Ordinal)
                .ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
            await audit.RecordNowAsync(tenant.PracticeId, "auditor.viewed", "page", context.ActionDescriptor.RouteValues["page"],
                new { method = request.Method, path = request.Path.Value, filters }, context.HttpContext.RequestAborted);
        }
        await next();
    }

    /// <summary>An auditor who is not also an administrator of the practice: the outside auditor's account.</summary>
    public static bool IsOutsideAuditor(System.Security.Claims.ClaimsPrincipal user) =>
        user.IsInRole(Roles.Auditor) && !user.IsInRole(Roles.PracticeAdmin);
}
