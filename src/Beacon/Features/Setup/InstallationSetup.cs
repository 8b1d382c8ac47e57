namespace Beacon.Features.Setup;

/// <summary>The one-time token that lets the first provider administrator be created on a fresh install.</summary>
public sealed class SetupToken
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string TokenHash { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? UsedAt { get; set; }
}
