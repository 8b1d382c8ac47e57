using Beacon.Features.Roster;

namespace Beacon.Features.Requirements;

/// <summary>Whether a requirement covers a person, from the facts on the roster (or a roster snapshot).</summary>
public static class RequirementScope
{
    public static IReadOnlyList<string> Split(string list) =>
        [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    public static PersonFacts Facts(Requirement requirement, bool active, string jobRole, Guid siteId, DateOnly? hireDate, string? licenceType, string? licenceState, DateOnly? licenceExpiry)
    {
        string? reason = null;
        var roles = Split(requirement.Roles);
        var sites = Split(requirement.Sites);
        var types = Split(requirement.LicenceTypes);
        var states = Split(requirement.LicenceStates);
        if (!active)
        {
            reason = "not on the active roster";
        }
        else if (roles.Count > 0 && !roles.Contains(jobRole, StringComparer.Ordinal))
        {
            reason = $"the {JobRoles.NameOf(jobRole)} role is not covered";
        }
        else if (sites.Count > 0 && !sites.Contains(siteId.ToString(), StringComparer.OrdinalIgnoreCase))
        {
            reason = "their site is not covered";
        }
        else if (types.Count > 0 && (licenceType is null || !types.Contains(licenceType, StringComparer.Ordinal)))
        {
            reason = licenceType is null ? "no licence on the roster" : $"a {licenceType} licence is not covered";
        }
        else if (states.Count > 0 && (licenceState is null || !states.Contains(licenceState, StringComparer.Ordinal)))
        {
            reason = licenceState is null ? "no licence state on the roster" : $"a licence from {licenceState} is not covered";
        }
        return new PersonFacts(reason is null, hireDate, licenceExpiry, reason);
    }

    /// <summary>
    /// Whether a completion counts for a requirement: the same course, and the requirement's track — the
    /// full (clinical) course also covers the shorter track. A requirement without a fixed track takes the
    /// track of the person's role.
    /// </summary>
    public static bool Counts(Requirement requirement, string jobRole, string completionCourse, string completionTrack)
    {
        if (!string.Equals(requirement.CourseId, completionCourse, StringComparison.Ordinal))
        {
            return false;
        }
        var needed = requirement.Track ?? Learning.Learners.TrackFor(jobRole);
        return completionTrack == needed || completionTrack == Learning.Learners.ClinicalTrack;
    }
}
