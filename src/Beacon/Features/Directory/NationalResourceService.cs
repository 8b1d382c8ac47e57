using Beacon.Data;
using Beacon.Features.Courses;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.ReferralDirectory;

/// <summary>
/// The national lines as the provider keeps them in the database (the hotline's operator changed in 2025,
/// so its details are data with a "last verified" date). Other features read the current hotline here.
/// Installation-wide rows: no practice filter applies.
/// </summary>
public sealed class NationalResourceService(BeaconDbContext db)
{
    public const string HotlineKey = Courses.NationalResources.HotlineId;

    /// <summary>Every national entry, in the provider's order (the hotline first).</summary>
    public Task<List<NationalResourceRow>> AllAsync(CancellationToken cancellationToken) =>
        db.Set<NationalResourceRow>().AsNoTracking().OrderBy(r => r.SortOrder).ThenBy(r => r.Name).ToListAsync(cancellationToken);

    /// <summary>The national hotline as lessons and the toolkit print it, or null when the provider removed it.</summary>
    public async Task<NationalResource?> HotlineAsync(CancellationToken cancellationToken)
    {
        var row = await db.Set<NationalResourceRow>().AsNoTracking().FirstOrDefaultAsync(r => r.Key == HotlineKey, cancellationToken);
        return row is null ? null : ToResource(row);
    }

    /// <summary>The shape the course placeholders use ({{hotline.phone}} etc.), with numbers as people read them.</summary>
    public static NationalResource ToResource(NationalResourceRow row) =>
        new(row.Key, row.Name, PhoneNumbers.Display(row.Phone), row.TextNumber, row.Web, row.Hours, row.Languages, row.Operator, row.LastVerified, row.Note);
}

/// <summary>Adds the entries of content/resources/national.yaml that the database does not have yet; never overwrites the provider's edits.</summary>
public static class NationalResourceSeeder
{
    public static async Task<int> SeedAsync(BeaconDbContext db, IReadOnlyList<NationalResource> resources, TimeProvider time, CancellationToken cancellationToken)
    {
        var existing = await db.Set<NationalResourceRow>().Select(r => r.Key).ToListAsync(cancellationToken);
        var added = 0;
        var order = 0;
        foreach (var resource in resources)
        {
            order += 10;
            if (existing.Contains(resource.Id))
            {
                continue;
            }
            var phone = PhoneNumbers.NormalizeCall(resource.Phone, out var phoneProblem)
                ?? throw new InvalidOperationException($"content/resources/national.yaml: {resource.Id}: phone: {phoneProblem}");
            string? text = null;
            if (resource.Text is { } t)
            {
                text = PhoneNumbers.NormalizeText(t, out var textProblem)
                    ?? throw new InvalidOperationException($"content/resources/national.yaml: {resource.Id}: text: {textProblem}");
            }
            db.Set<NationalResourceRow>().Add(new NationalResourceRow
            {
                Key = resource.Id,
                SortOrder = order,
                Name = resource.Name,
                Phone = phone,
                TextNumber = text,
                Web = resource.Web,
                Hours = resource.Hours,
                Open24x7 = resource.Hours is { } h && h.Replace(" ", "", StringComparison.Ordinal).Contains("24/7", StringComparison.Ordinal),
                Languages = resource.Languages,
                Operator = resource.Operator,
                Note = resource.Note,
                LastVerified = resource.LastVerified,
                UpdatedAt = time.GetUtcNow().UtcDateTime,
            });
            added++;
        }
        if (added > 0)
        {
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another node seeded the same entries at the same moment: theirs stand.
                db.ChangeTracker.Clear();
                return 0;
            }
        }
        return added;
    }
}
