using System.Text;
using Beacon.Data;
using Beacon.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Roster.Imports;

/// <summary>A CSV to start from: the header Beacon reads and one example person at one of the practice's sites.</summary>
[Authorize(Policy = Policies.PracticeAdmin)]
public sealed class TemplateModel(BeaconDbContext db) : PageModel
{
    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var site = await db.Sites.AsNoTracking().Where(s => s.Active).OrderBy(s => s.Name).Select(s => s.Name).FirstOrDefaultAsync(cancellationToken) ?? "Main Clinic";
        string[] example = ["Maria", "Lopez", "maria.lopez@example.org", "E1001", "registered-nurse", site, "2024-03-18", "", "RN", "RN123456", "TX", "2027-01-31", "yes"];
        var csv = new StringBuilder();
        csv.AppendJoin(',', RosterColumns.Template.Select(RosterColumns.NameOf)).Append("\r\n");
        csv.AppendJoin(',', example.Select(Quote)).Append("\r\n");
        // The byte order mark makes Excel open the file as UTF-8, so accented names survive a round trip.
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray();
        return File(bytes, "text/csv; charset=utf-8", "beacon-roster-template.csv");
    }

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
