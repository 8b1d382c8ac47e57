using System.ComponentModel.DataAnnotations;
using Beacon.Data;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Roster;

/// <summary>What the add and edit forms post. Everything is checked in <see cref="StaffForm.CheckAsync"/>.</summary>
public sealed class StaffInput
{
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public string? Email { get; set; }
    public string? EmployeeId { get; set; }
    public string? JobRole { get; set; }
    public Guid? SiteId { get; set; }

    [Display(Name = "Hire date")]
    public DateOnly? HireDate { get; set; }

    /// <summary>A staff member's id (from the list), or an email or employee ID (large practices type it).</summary>
    public string? Manager { get; set; }

    public string? LicenceType { get; set; }
    public string? LicenceNumber { get; set; }
    public string? LicenceState { get; set; }

    [Display(Name = "Licence expiry")]
    public DateOnly? LicenceExpiry { get; set; }
}

/// <summary>The lists the form offers.</summary>
public sealed record StaffFormChoices(IReadOnlyList<StaffFormChoices.Option> Sites, IReadOnlyList<StaffFormChoices.Option>? Managers)
{
    public sealed record Option(string Value, string Text);

    /// <summary>Null when the practice is too large for a drop-down: the manager is then typed as an email or employee ID.</summary>
    public bool ManagerIsTyped => Managers is null;
}

/// <summary>A page that shows the staff form (add and edit share its markup and its checks).</summary>
public interface IStaffFormPage
{
    StaffInput Input { get; }
    StaffFormChoices Choices { get; }
    string SubmitText { get; }
}

/// <summary>The checks of the add and edit forms, with a message per field an office manager can act on.</summary>
public static class StaffForm
{
    /// <summary>Beyond this many active staff, choosing a manager from a list is impractical.</summary>
    public const int ManagerListLimit = 1000;

    public static async Task<StaffFormChoices> LoadChoicesAsync(BeaconDbContext db, StaffMember? person, CancellationToken cancellationToken)
    {
        var personId = person?.Id;
        var currentSiteId = person?.SiteId;
        var currentManagerId = person?.ManagerId;
        // A closed site or a departed manager the person still has stays selectable, so saving does not drop it.
        var sites = await db.Sites.AsNoTracking()
            .Where(s => s.Active || s.Id == currentSiteId)
            .OrderBy(s => s.Name)
            .Select(s => new StaffFormChoices.Option(s.Id.ToString(), s.Active ? s.Name : s.Name + " (closed)"))
            .ToListAsync(cancellationToken);

        var candidates = db.StaffMembers.AsNoTracking().Where(s => (s.Active || s.Id == currentManagerId) && s.Id != personId);
        if (await candidates.CountAsync(cancellationToken) > ManagerListLimit)
        {
            return new StaffFormChoices(sites, null);
        }
        var managers = await candidates
            .OrderBy(s => s.LastName).ThenBy(s => s.FirstName)
            .Select(s => new { s.Id, s.FirstName, s.LastName, s.EmployeeId, s.Active })
            .ToListAsync(cancellationToken);
        return new StaffFormChoices(sites, [.. managers.Select(m => new StaffFormChoices.Option(
            m.Id.ToString(),
            $"{m.LastName}, {m.FirstName}{(m.EmployeeId is null ? "" : $" ({m.EmployeeId})")}{(m.Active ? "" : " (inactive)")}"))]);
    }

    /// <summary>
    /// Checks the input and returns the normalised values, or null with errors in <paramref name="errors"/> keyed
    /// by field ("Input.Email"). <paramref name="existing"/> is the person being edited (null when adding).
    /// </summary>
    public static async Task<StaffValues?> CheckAsync(StaffInput input, StaffMember? existing, BeaconDbContext db, ModelStateDictionary errors, CancellationToken cancellationToken)
    {
        var personId = existing?.Id ?? Guid.Empty;
        void Error(string field, string message) => errors.AddModelError($"Input.{field}", message);

        var firstName = input.FirstName?.Trim();
        if (string.IsNullOrEmpty(firstName))
        {
            Error(nameof(input.FirstName), "Enter the first name.");
        }
        else if (firstName.Length > StaffFields.NameMax)
        {
            Error(nameof(input.FirstName), $"The first name can be at most {StaffFields.NameMax} characters.");
        }
        var lastName = input.LastName?.Trim();
        if (string.IsNullOrEmpty(lastName))
        {
            Error(nameof(input.LastName), "Enter the last name.");
        }
        else if (lastName.Length > StaffFields.NameMax)
        {
            Error(nameof(input.LastName), $"The last name can be at most {StaffFields.NameMax} characters.");
        }

        var email = StaffFields.NormaliseEmail(input.Email, out var emailProblem);
        if (emailProblem is not null)
        {
            Error(nameof(input.Email), string.IsNullOrWhiteSpace(input.Email) ? "Enter the email address." : $"{emailProblem} Check it for typos, such as a missing @ or a space.");
        }
        else if (await db.StaffMembers.AsNoTracking().Where(s => s.Email == email && s.Id != personId).Select(s => s.FirstName + " " + s.LastName).FirstOrDefaultAsync(cancellationToken) is { } holder)
        {
            Error(nameof(input.Email), $"{holder} already has this email on the roster. Each person needs their own email.");
        }

        var employeeId = string.IsNullOrWhiteSpace(input.EmployeeId) ? null : input.EmployeeId.Trim();
        if (employeeId is { Length: > StaffFields.EmployeeIdMax })
        {
            Error(nameof(input.EmployeeId), $"The employee ID can be at most {StaffFields.EmployeeIdMax} characters.");
        }
        else if (employeeId is not null &&
                 await db.StaffMembers.AsNoTracking().Where(s => s.EmployeeId == employeeId && s.Id != personId).Select(s => s.FirstName + " " + s.LastName).FirstOrDefaultAsync(cancellationToken) is { } idHolder)
        {
            Error(nameof(input.EmployeeId), $"{idHolder} already has employee ID {employeeId}. Each person needs their own.");
        }
        else if (employeeId is null && existing?.EmployeeId is not null)
        {
            // Imports find people by employee ID; removing it would make the next import add them again.
            Error(nameof(input.EmployeeId), "An employee ID cannot be removed once set (imports use it to find this person). Correct it instead.");
        }

        var role = JobRoles.Find(input.JobRole);
        if (role is null || !string.Equals(role.Code, input.JobRole, StringComparison.Ordinal))
        {
            Error(nameof(input.JobRole), "Choose a job role from the list.");
        }

        var currentSiteId = existing?.SiteId;
        var siteOk = input.SiteId is { } siteId && await db.Sites.AnyAsync(s => s.Id == siteId && (s.Active || s.Id == currentSiteId), cancellationToken);
        if (input.SiteId is null)
        {
            Error(nameof(input.SiteId), "Choose the site where this person works.");
        }
        else if (!siteOk)
        {
            Error(nameof(input.SiteId), "Choose one of the practice's open sites.");
        }

        if (input.HireDate is { Year: < 1900 or > 2100 })
        {
            Error(nameof(input.HireDate), "Enter a hire date between 1900 and 2100.");
        }

        Guid? managerId = null;
        if (!string.IsNullOrWhiteSpace(input.Manager))
        {
            var key = input.Manager.Trim();
            var lowered = key.ToLowerInvariant();
            var candidates = db.StaffMembers.AsNoTracking();
            var manager = Guid.TryParse(key, out var id)
                ? await candidates.Where(s => s.Id == id).Select(s => new { s.Id, s.Active }).FirstOrDefaultAsync(cancellationToken)
                : await candidates.Where(s => s.EmployeeId == key || s.Email == lowered).Select(s => new { s.Id, s.Active }).FirstOrDefaultAsync(cancellationToken);
            if (manager is null)
            {
                Error(nameof(input.Manager), "No one on the roster has that email or employee ID.");
            }
            else if (manager.Id == personId)
            {
                Error(nameof(input.Manager), "A person cannot be their own manager.");
            }
            else if (!manager.Active && manager.Id != existing?.ManagerId)
            {
                Error(nameof(input.Manager), "The manager must be an active member of staff.");
            }
            else
            {
                managerId = manager.Id;
            }
        }

        var licenceType = LicenceTypes.Normalise(input.LicenceType);
        if (!string.IsNullOrWhiteSpace(input.LicenceType) && licenceType is null)
        {
            Error(nameof(input.LicenceType), "Choose a licence type from the list.");
        }
        var licenceNumber = string.IsNullOrWhiteSpace(input.LicenceNumber) ? null : input.LicenceNumber.Trim();
        if (licenceNumber is { Length: > StaffFields.LicenceNumberMax })
        {
            Error(nameof(input.LicenceNumber), $"The licence number can be at most {StaffFields.LicenceNumberMax} characters.");
        }
        var licenceState = UsStates.Normalise(input.LicenceState);
        if (!string.IsNullOrWhiteSpace(input.LicenceState) && licenceState is null)
        {
            Error(nameof(input.LicenceState), "Choose the state that issued the licence.");
        }
        if (input.LicenceExpiry is { Year: < 1900 or > 2100 })
        {
            Error(nameof(input.LicenceExpiry), "Enter an expiry date between 1900 and 2100.");
        }
        if (string.IsNullOrWhiteSpace(input.LicenceType))
        {
            const string withoutType = "Choose the licence type too, or leave the licence details empty.";
            if (licenceNumber is not null)
            {
                Error(nameof(input.LicenceNumber), withoutType);
            }
            if (!string.IsNullOrWhiteSpace(input.LicenceState))
            {
                Error(nameof(input.LicenceState), withoutType);
            }
            if (input.LicenceExpiry is not null)
            {
                Error(nameof(input.LicenceExpiry), withoutType);
            }
        }

        if (!errors.IsValid)
        {
            return null;
        }
        return new StaffValues(personId, firstName!, lastName!, email!, employeeId, role!.Code, input.SiteId!.Value, input.HireDate,
            managerId, licenceType, licenceNumber, licenceState, input.LicenceExpiry, existing?.Active ?? true);
    }

    public static void Apply(StaffValues values, StaffMember person)
    {
        person.FirstName = values.FirstName;
        person.LastName = values.LastName;
        person.Email = values.Email;
        person.EmployeeId = values.EmployeeId;
        person.JobRole = values.JobRole;
        person.SiteId = values.SiteId;
        person.HireDate = values.HireDate;
        person.ManagerId = values.ManagerId;
        person.LicenceType = values.LicenceType;
        person.LicenceNumber = values.LicenceNumber;
        person.LicenceState = values.LicenceState;
        person.LicenceExpiry = values.LicenceExpiry;
    }

    /// <summary>The form filled in from a person; a typed manager is shown by employee ID or email.</summary>
    public static StaffInput ToInput(StaffMember person, StaffFormChoices choices, string? typedManager) => new()
    {
        FirstName = person.FirstName,
        LastName = person.LastName,
        Email = person.Email,
        EmployeeId = person.EmployeeId,
        JobRole = person.JobRole,
        SiteId = person.SiteId,
        HireDate = person.HireDate,
        Manager = choices.ManagerIsTyped ? typedManager : person.ManagerId?.ToString(),
        LicenceType = person.LicenceType,
        LicenceNumber = person.LicenceNumber,
        LicenceState = person.LicenceState,
        LicenceExpiry = person.LicenceExpiry,
    };
}
