namespace Beacon.Features.Learning;

/// <summary>
/// The time a learner has spent in one module so far. A module's running time needs a home before the
/// module is finished (a <see cref="ModuleCompletion"/> row means "done", so it cannot be that home); when
/// the module is completed its seconds at that moment are copied onto the completion. The row also tells
/// the module list which modules a learner has opened.
/// </summary>
public sealed class ModuleTime : Data.ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid PracticeId { get; set; }
    public Guid ProgressId { get; set; }
    public required string ModuleId { get; set; }
    public int SecondsOnTask { get; set; }
    public DateTime FirstViewedAt { get; set; }
}
