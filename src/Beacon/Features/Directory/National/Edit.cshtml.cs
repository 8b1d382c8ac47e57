using System.Globalization;
using Beacon.Data;
using Beacon.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.ReferralDirectory.National;

public sealed class NationalInput
{
    public string? Phone { get; set; }
    public string? Text { get; set; }
    public string? Web { get; set; }
    public string? Hours { get; set; }
    public bool Open24x7 { get; set; }
    public string? Languages { get; set; }
    public string? Operator { get; set; }
    public string? Note { get; set; }
    public string? LawEnforcementPosture { get; set; }
    public string? LastVerified { get; set; }
}

/// <summary>The provider edits a national line; every change is audited in the installation's chain.</summary>
[Authorize(Policy = Policies.ProviderAdmin)]
public sealed class EditModel(BeaconDbContext db, TimeProvider time) : PageModel
{
    [BindProperty]
    public NationalInput Input { get; set; } = new();

    public string Name { get; private set; } = "";

    public List<FieldError> Errors { get; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var row = await db.NationalResources.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (row is null)
        {
            return NotFound();
        }
        Name = row.Name;
        Input = new NationalInput
        {
            Phone = PhoneNumbers.Display(row.Phone),
            Text = row.TextNumber,
            Web = row.Web,
            Hours = row.Hours,
            Open24x7 = row.Open24x7,
            Languages = row.Languages,
            Operator = row.Operator,
            Note = row.Note,
            LawEnforcementPosture = row.LawEnforcementPosture,
            LastVerified = row.LastVerified.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        var row = await db.NationalResources.FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (row is null)
        {
            return NotFound();
        }
        Name = row.Name;
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var phone = PhoneNumbers.NormalizeCall(Input.Phone ?? "", out var phoneProblem);
        if (string.IsNullOrWhiteSpace(Input.Phone))
        {
            Errors.Add(new("Phone", "Phone: enter the number to call."));
        }
        else if (phone is null)
        {
            Errors.Add(new("Phone", "Phone: " + phoneProblem));
        }
        string? text = null;
        if (!string.IsNullOrWhiteSpace(Input.Text) && (text = PhoneNumbers.NormalizeText(Input.Text, out var textProblem)) is null)
        {
            Errors.Add(new("Text", "Text number: " + textProblem));
        }
        var web = Input.Web?.Trim();
        if (!string.IsNullOrEmpty(web) && !(Uri.TryCreate(web, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && uri.Host.Contains('.', StringComparison.Ordinal)))
        {
            Errors.Add(new("Web", $"Web address: “{web}” is not an https:// web address."));
        }
        Length("Hours", "Hours", Input.Hours, 200);
        Length("Languages", "Languages", Input.Languages, 500);
        Length("Operator", "Operator", Input.Operator, 300);
        Length("Note", "Note for staff", Input.Note, 2000);
        if (DirectoryVocabulary.Postures.All(p => p.Id != Input.LawEnforcementPosture))
        {
            Errors.Add(new("LawEnforcementPosture", "Law-enforcement posture: choose one of the options."));
        }
        if (!DateOnly.TryParseExact(Input.LastVerified, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var verified))
        {
            Errors.Add(new("LastVerified", "Last verified: enter the date as yyyy-mm-dd."));
        }
        else if (verified > today)
        {
            Errors.Add(new("LastVerified", "Last verified: the date is in the future."));
        }
        if (Errors.Count > 0)
        {
            foreach (var error in Errors)
            {
                ModelState.AddModelError("Input." + error.Field, error.Message);
            }
            return Page();
        }
        row.Phone = phone!;
        row.TextNumber = text;
        row.Web = string.IsNullOrEmpty(web) ? null : web;
        row.Hours = Blank(Input.Hours);
        row.Open24x7 = Input.Open24x7;
        row.Languages = Blank(Input.Languages);
        row.Operator = Blank(Input.Operator);
        row.Note = Blank(Input.Note);
        row.LawEnforcementPosture = Input.LawEnforcementPosture!;
        row.LastVerified = verified;
        if (db.Entry(row).State == EntityState.Modified)
        {
            row.UpdatedAt = time.GetUtcNow().UtcDateTime;
        }
        await db.SaveChangesAsync(cancellationToken);
        TempData["Status"] = $"{row.Name} is saved.";
        return Redirect("/provider/national-resources");
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private void Length(string field, string label, string? value, int max)
    {
        if (value is { } v && v.Trim().Length > max)
        {
            Errors.Add(new(field, $"{label}: at most {max} characters ({v.Trim().Length} given)."));
        }
    }
}
