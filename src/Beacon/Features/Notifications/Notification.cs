namespace Beacon.Features.Notifications;

/// <summary>
/// An in-app message to one account: reminders write one with each email, and any feature may add its own
/// (add it to the context and save with the change that causes it). Read ones stay until the list trims them.
/// </summary>
public sealed class Notification : Data.ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid PracticeId { get; set; }
    public Guid UserId { get; set; }
    public required string Title { get; set; }
    public required string Body { get; set; }

    /// <summary>A path inside Beacon (e.g. /learn), never an outside address.</summary>
    public required string Link { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime? ReadAt { get; set; }
}
