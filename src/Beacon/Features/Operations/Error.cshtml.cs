using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Features.Operations;

/// <summary>Friendly error pages (never a stack trace); API paths get ProblemDetails instead.</summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class ErrorModel(IProblemDetailsService problems) : PageModel
{
    public int Code { get; private set; }

    public string Heading => Code switch
    {
        404 => "Page not found",
        403 => "You do not have access to this page",
        400 => "Something in the request was not right",
        429 => "Too many attempts",
        _ => "Something went wrong",
    };

    public string Explanation => Code switch
    {
        404 => "The page does not exist, or it belongs to something you cannot see. Check the address, or go back to the start page.",
        403 => "Your role does not include this page. If you need it, ask your practice administrator.",
        400 => "The form may have expired. Go back, reload the page and try again.",
        429 => "Please wait a minute before trying again.",
        _ => "Beacon could not finish this request. Nothing was half-saved. Try again in a moment; if it keeps happening, tell your administrator.",
    };

    // From the route only: a re-executed POST still carries its form, and a form field named "code" must not win.
    public Task<IActionResult> OnGetAsync([FromRoute] int code) => RespondAsync(code);
    public Task<IActionResult> OnPostAsync([FromRoute] int code) => RespondAsync(code);
    public Task<IActionResult> OnPutAsync([FromRoute] int code) => RespondAsync(code);
    public Task<IActionResult> OnDeleteAsync([FromRoute] int code) => RespondAsync(code);

    private async Task<IActionResult> RespondAsync(int code)
    {
        Code = code is >= 400 and <= 599 ? code : 500;
        var originalPath = HttpContext.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalPath
            ?? HttpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path
            ?? "";
        Response.StatusCode = Code;
        if (originalPath.StartsWith("/api/", StringComparison.OrdinalIgnoreCase))
        {
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = HttpContext,
                ProblemDetails = { Status = Code, Title = Heading, Detail = Explanation },
            });
            return new EmptyResult();
        }
        return Page();
    }
}
