namespace Beacon.Data;

/// <summary>A row that belongs to one practice (tenant). EF Core filters these by the signed-in practice.</summary>
public interface ITenantOwned
{
    Guid PracticeId { get; }
}

/// <summary>
/// Who the current unit of work acts for. A request of a practice member acts for that practice; the
/// provider console and background jobs act for the installation ("system") and see rows of every
/// practice only where their code asks for it explicitly (IgnoreQueryFilters).
/// </summary>
public sealed class TenantContext
{
    /// <summary>The practice whose rows queries see; <see cref="Guid.Empty"/> when acting for no practice.</summary>
    public Guid PracticeId { get; private set; }

    /// <summary>True for the provider console and background jobs: PostgreSQL row-level security lets them through.</summary>
    public bool IsSystem { get; private set; }

    public bool HasPractice => PracticeId != Guid.Empty;

    public void ActForPractice(Guid practiceId)
    {
        PracticeId = practiceId;
        IsSystem = false;
    }

    /// <summary>Acts for an account's practice, or for the installation when it is a provider account.</summary>
    public void ActForAccount(Guid? practiceId)
    {
        if (practiceId is { } id)
        {
            ActForPractice(id);
        }
        else
        {
            ActAsSystem();
        }
    }

    public void ActAsSystem()
    {
        PracticeId = Guid.Empty;
        IsSystem = true;
    }

    public void Clear()
    {
        PracticeId = Guid.Empty;
        IsSystem = false;
    }
}
