using System.Collections.Concurrent;
using System.Text.Json;
using Beacon.Data;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Courses;

public sealed class ContentOptions
{
    public const string Section = "Content";

    /// <summary>The content folder (courses/, resources/). Empty: the copy beside Beacon.dll, else ./content.</summary>
    public string? Directory { get; set; }

    public string Resolve()
    {
        if (!string.IsNullOrWhiteSpace(Directory))
        {
            return Path.GetFullPath(Directory);
        }
        var beside = Path.Combine(AppContext.BaseDirectory, "content");
        return System.IO.Directory.Exists(beside) ? beside : Path.GetFullPath("content");
    }
}

/// <summary>A published version as listed for people choosing a course.</summary>
public sealed record PublishedCourse(string CourseId, string Version, string Title, DateTime PublishedAt);

/// <summary>
/// The published course versions. At start-up every package under content/courses is checked; a version
/// not yet published is stored (frozen as JSON); a published version whose files changed is refused, so
/// what a completion records as "version 1.0.0" always means the same text. Versions are immutable, so
/// they are cached in memory once read.
/// </summary>
public sealed class CourseCatalog(IServiceScopeFactory scopes, TimeProvider time, ILogger<CourseCatalog> logger)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };
    private readonly ConcurrentDictionary<(string CourseId, string Version), CoursePackage> _cache = new();

    /// <summary>Checks and publishes every package; returns the problems (none when all is well).</summary>
    public async Task<IReadOnlyList<ContentProblem>> PublishAsync(string contentDirectory, CancellationToken cancellationToken)
    {
        var coursesFolder = Path.Combine(contentDirectory, "courses");
        if (!Directory.Exists(coursesFolder))
        {
            return [new ContentProblem(coursesFolder, 0, "no courses folder: Beacon ships its course under content/courses")];
        }
        var problems = new List<ContentProblem>();
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().ActAsSystem();
        var db = scope.ServiceProvider.GetRequiredService<BeaconDbContext>();
        foreach (var folder in Directory.EnumerateDirectories(coursesFolder).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(folder);
            var result = ContentLoader.Load(folder);
            if (!result.Ok)
            {
                problems.AddRange(result.Problems.Select(p => p with { File = $"courses/{name}/{p.File}" }));
                continue;
            }
            var package = result.Package!;
            var published = await db.CourseVersions.AsNoTracking()
                .Where(v => v.CourseId == package.Id && v.Version == package.Version)
                .Select(v => v.ContentHash)
                .FirstOrDefaultAsync(cancellationToken);
            if (published is null)
            {
                db.CourseVersions.Add(new CourseVersion
                {
                    CourseId = package.Id,
                    Version = package.Version,
                    Title = package.Title,
                    ContentHash = result.ContentHash,
                    Package = JsonSerializer.Serialize(package, Json),
                    PublishedAt = time.GetUtcNow().UtcDateTime,
                });
                await db.SaveChangesAsync(cancellationToken);
                logger.LogInformation("Published course {CourseId} version {Version}", package.Id, package.Version);
            }
            else if (!string.Equals(published, result.ContentHash, StringComparison.Ordinal))
            {
                problems.Add(new ContentProblem($"courses/{name}/{ContentLoader.CourseFile}", 0,
                    $"version {package.Version} of '{package.Id}' is already published with different content; published versions never change, so give the changed course a new version number"));
            }
        }
        return problems;
    }

    public async Task<CoursePackage?> GetAsync(string courseId, string version, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue((courseId, version), out var cached))
        {
            return cached;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BeaconDbContext>();
        var json = await db.CourseVersions.AsNoTracking()
            .Where(v => v.CourseId == courseId && v.Version == version)
            .Select(v => v.Package)
            .FirstOrDefaultAsync(cancellationToken);
        if (json is null)
        {
            return null;
        }
        var package = JsonSerializer.Deserialize<CoursePackage>(json, Json)!;
        _cache[(courseId, version)] = package;
        return package;
    }

    public async Task<IReadOnlyList<PublishedCourse>> ListAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BeaconDbContext>();
        var all = await db.CourseVersions.AsNoTracking()
            .Select(v => new PublishedCourse(v.CourseId, v.Version, v.Title, v.PublishedAt))
            .ToListAsync(cancellationToken);
        return [.. all.OrderBy(v => v.CourseId, StringComparer.Ordinal).ThenByDescending(v => ParseVersion(v.Version))];
    }

    /// <summary>The newest published version of a course: what new learners and sessions start on.</summary>
    public async Task<CoursePackage?> CurrentAsync(string courseId, CancellationToken cancellationToken)
    {
        var newest = (await ListAsync(cancellationToken)).FirstOrDefault(v => v.CourseId == courseId);
        return newest is null ? null : await GetAsync(newest.CourseId, newest.Version, cancellationToken);
    }

    private static Version ParseVersion(string version) => System.Version.TryParse(version, out var v) ? v : new Version(0, 0);
}
