namespace Beacon.Features.Courses;

/// <summary>
/// A published course version: the whole package frozen as JSON. Published versions never change; a new
/// version of the content is published under a new version number, without code changes.
/// </summary>
public sealed class CourseVersion
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string CourseId { get; set; }
    public required string Version { get; set; }
    public required string Title { get; set; }

    /// <summary>SHA-256 of the package files; the same version may only ever be published with the same hash.</summary>
    public required string ContentHash { get; set; }

    /// <summary>The <see cref="CoursePackage"/> as JSON.</summary>
    public required string Package { get; set; }

    public DateTime PublishedAt { get; set; }
}
