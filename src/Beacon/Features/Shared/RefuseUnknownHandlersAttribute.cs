using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Beacon.Features.Shared;

/// <summary>
/// Without a handler for a request (a POST to a download, a made-up ?handler=), Razor Pages would render the
/// page with nothing loaded. Pages carrying this answer 400 instead, before any of their code runs.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RefuseUnknownHandlersAttribute : Attribute, IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (context.HandlerMethod is null)
        {
            context.Result = new BadRequestResult();
            return;
        }
        await next();
    }
}
