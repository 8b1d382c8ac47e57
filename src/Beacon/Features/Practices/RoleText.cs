using Beacon.Features.Accounts;

namespace Beacon.Features.Practices;

/// <summary>What each practice role lets a person do, in the words shown beside the role checkboxes.</summary>
public static class RoleText
{
    public static string Explain(string role) => role switch
    {
        Roles.PracticeAdmin => "Manages the roster, people and access, practice settings and reports.",
        Roles.Instructor => "Runs live in-services and records attendance and paper tests.",
        Roles.Learner => "Takes the training and uses the point-of-care toolkit.",
        Roles.Auditor => "Reads compliance evidence and the audit log, and changes nothing.",
        Roles.ProviderAdmin => "Onboards practices and manages the training provider's console.",
        _ => "",
    };

    /// <summary>Roles in the order of <see cref="Roles.All"/>, as readable names joined for a table cell.</summary>
    public static string List(IEnumerable<string> roles) =>
        string.Join(", ", Roles.All.Where(roles.Contains).Select(Roles.Describe));
}
