using System.Globalization;
using System.Text.RegularExpressions;
using Beacon.Features.Roster;

namespace Beacon.Features.ReferralDirectory;

public enum FieldKind
{
    Text,
    LongText,
    List,
    Languages,
    Bool,
    Choice,
    Age,
    Date,
    Phone,
    TextNumber,
    Email,
    Url,
    State,
}

/// <summary>
/// One field of a directory entry: its name in the data and the form, its CSV column, how it is read and
/// how its value is written back. Every value has one canonical text (what the CSV export writes), so a
/// file exported and imported again compares equal field by field.
/// </summary>
public sealed record DirectoryField(
    string Name,
    string Csv,
    string Label,
    FieldKind Kind,
    int Max,
    bool Required,
    IReadOnlyList<Term>? Terms,
    string Default,
    string Group,
    Func<DirectoryEntry, string> Get,
    Action<DirectoryEntry, string> Set,
    string? Hint = null);

/// <summary>A problem with one field: <see cref="Field"/> is the field's name ("" for the entry as a whole).</summary>
public sealed record FieldError(string Field, string Message);

/// <summary>The canonical value of every field, and what is wrong with the input.</summary>
public sealed record CheckedEntry(IReadOnlyDictionary<string, string> Values, IReadOnlyList<FieldError> Errors)
{
    public bool IsValid => Errors.Count == 0;

    public string this[string field] => Values.TryGetValue(field, out var v) ? v : "";

    public void ApplyTo(DirectoryEntry entry)
    {
        foreach (var field in DirectoryFields.All)
        {
            field.Set(entry, this[field.Name]);
        }
    }
}

public static partial class DirectoryFields
{
    public const string IdColumn = "entry_id";
    public const int MaxOnPatientCard = 2;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private static string Text(string? value) => value ?? "";
    private static string? Blank(string value) => value.Length == 0 ? null : value;
    private static string YesNo(bool value) => value ? "yes" : "no";
    private static bool IsYes(string value) => value == "yes";
    private static string DateText(DateOnly? value) => value?.ToString("yyyy-MM-dd", Invariant) ?? "";
    private static DateOnly? ParseDate(string value) => value.Length == 0 ? null : DateOnly.ParseExact(value, "yyyy-MM-dd", Invariant);

    public static IReadOnlyList<DirectoryField> All { get; } =
    [
        new("name", "name", "Name", FieldKind.Text, 200, true, null, "", "Partner", e => e.Name, (e, v) => e.Name = v, "The organisation or service."),
        new("categories", "categories", "Categories", FieldKind.List, 0, true, DirectoryVocabulary.Categories, "", "Partner", e => e.Categories, (e, v) => e.Categories = v, "Choose at least one."),
        new("services", "services", "Services", FieldKind.List, 0, false, DirectoryVocabulary.Services, "", "Partner", e => e.Services, (e, v) => e.Services = v),
        new("description", "description", "Description", FieldKind.LongText, 500, false, null, "", "Partner", e => Text(e.Description), (e, v) => e.Description = Blank(v), "What the partner does, in plain words."),
        new("ageMin", "age_min", "Youngest age served", FieldKind.Age, 0, false, null, "", "Who they serve", e => e.AgeMin?.ToString(Invariant) ?? "", (e, v) => e.AgeMin = v.Length == 0 ? null : int.Parse(v, Invariant), "Blank: no lower limit."),
        new("ageMax", "age_max", "Oldest age served", FieldKind.Age, 0, false, null, "", "Who they serve", e => e.AgeMax?.ToString(Invariant) ?? "", (e, v) => e.AgeMax = v.Length == 0 ? null : int.Parse(v, Invariant), "Blank: no upper limit."),
        new("genders", "genders", "Genders served", FieldKind.List, 0, false, DirectoryVocabulary.Genders, "", "Who they serve", e => e.Genders, (e, v) => e.Genders = v, "None chosen: everyone."),
        new("traffickingTypes", "trafficking_types", "Types of trafficking", FieldKind.List, 0, false, DirectoryVocabulary.TraffickingTypes, "", "Who they serve", e => e.TraffickingTypes, (e, v) => e.TraffickingTypes = v, "None chosen: both."),
        new("nationalities", "nationalities", "Nationalities served", FieldKind.List, 0, false, DirectoryVocabulary.Nationalities, "", "Who they serve", e => e.Nationalities, (e, v) => e.Nationalities = v, "None chosen: everyone."),
        new("lgbtqFocus", "lgbtq_focus", "Focus on LGBTQ+ people", FieldKind.Bool, 0, false, null, "no", "Who they serve", e => YesNo(e.LgbtqFocus), (e, v) => e.LgbtqFocus = IsYes(v)),
        new("eligibility", "eligibility", "Eligibility", FieldKind.LongText, 500, false, null, "", "Who they serve", e => Text(e.Eligibility), (e, v) => e.Eligibility = Blank(v), "Any other limits, e.g. county of residence or referral needed."),
        new("serviceArea", "service_area", "Service area", FieldKind.Text, 200, true, null, "", "Who they serve", e => e.ServiceArea, (e, v) => e.ServiceArea = v, "e.g. Travis County, Statewide."),
        new("state", "state", "State", FieldKind.State, 2, false, null, "", "Who they serve", e => Text(e.State), (e, v) => e.State = Blank(v)),
        new("address", "address", "Address", FieldKind.LongText, 300, false, null, "", "Where and when", e => Text(e.Address), (e, v) => e.Address = Blank(v), "Leave blank when the location is confidential."),
        new("confidentialLocation", "confidential_location", "Confidential location", FieldKind.Bool, 0, false, null, "no", "Where and when", e => YesNo(e.ConfidentialLocation), (e, v) => e.ConfidentialLocation = IsYes(v), "The address is never shown."),
        new("hours", "hours", "Hours", FieldKind.Text, 200, false, null, "", "Where and when", e => Text(e.Hours), (e, v) => e.Hours = Blank(v), "e.g. Mon–Fri 8–5."),
        new("open24x7", "open_24_7", "Open 24/7", FieldKind.Bool, 0, false, null, "no", "Where and when", e => YesNo(e.Open24x7), (e, v) => e.Open24x7 = IsYes(v)),
        new("phone", "phone", "Phone", FieldKind.Phone, 0, false, null, "", "Contact", e => Text(e.Phone), (e, v) => e.Phone = Blank(v), "US number, or a service number such as 988."),
        new("textNumber", "text", "Text number", FieldKind.TextNumber, 0, false, null, "", "Contact", e => Text(e.TextNumber), (e, v) => e.TextNumber = Blank(v), "US number or a 5–6 digit short code."),
        new("email", "email", "Email", FieldKind.Email, 254, false, null, "", "Contact", e => Text(e.Email), (e, v) => e.Email = Blank(v)),
        new("web", "web", "Web address", FieldKind.Url, 500, false, null, "", "Contact", e => Text(e.Web), (e, v) => e.Web = Blank(v), "https:// only."),
        new("referralMethods", "referral_methods", "How to refer", FieldKind.List, 0, false, DirectoryVocabulary.ReferralMethods, "", "Contact", e => e.ReferralMethods, (e, v) => e.ReferralMethods = v),
        new("languages", "languages", "Languages", FieldKind.Languages, 300, false, null, "", "Language and access", e => e.Languages, (e, v) => e.Languages = v, "Language tags separated by semicolons, e.g. en; es; vi."),
        new("interpreterAccess", "interpreter_access", "Can arrange interpreting", FieldKind.Bool, 0, false, null, "no", "Language and access", e => YesNo(e.InterpreterAccess), (e, v) => e.InterpreterAccess = IsYes(v)),
        new("accessibility", "accessibility", "Accessibility", FieldKind.LongText, 300, false, null, "", "Language and access", e => Text(e.Accessibility), (e, v) => e.Accessibility = Blank(v), "e.g. step-free entrance, TTY, sign language."),
        new("cost", "cost", "Cost", FieldKind.List, 0, false, DirectoryVocabulary.Costs, "", "Cost and capacity", e => e.Cost, (e, v) => e.Cost = v),
        new("insuranceNotes", "insurance_notes", "Insurance notes", FieldKind.LongText, 300, false, null, "", "Cost and capacity", e => Text(e.InsuranceNotes), (e, v) => e.InsuranceNotes = Blank(v)),
        new("capacity", "capacity", "Capacity", FieldKind.Choice, 0, false, DirectoryVocabulary.Capacities, "unknown", "Cost and capacity", e => e.Capacity, (e, v) => e.Capacity = v),
        new("capacityNotes", "capacity_notes", "Capacity notes", FieldKind.LongText, 300, false, null, "", "Cost and capacity", e => Text(e.CapacityNotes), (e, v) => e.CapacityNotes = Blank(v)),
        new("lawEnforcementPosture", "law_enforcement_posture", "Law-enforcement posture", FieldKind.Choice, 0, true, DirectoryVocabulary.Postures, "", "Safety and approach", e => e.LawEnforcementPosture, (e, v) => e.LawEnforcementPosture = v, "Whether contacting them can lead to a police report. Choose “not yet confirmed” until you have asked."),
        new("confidentiality", "confidentiality", "Confidentiality policy", FieldKind.LongText, 500, false, null, "", "Safety and approach", e => Text(e.Confidentiality), (e, v) => e.Confidentiality = Blank(v), "The partner's own policy, in plain words."),
        new("traumaInformed", "trauma_informed", "Trauma-informed", FieldKind.Choice, 0, false, DirectoryVocabulary.YesNoUnknown, "unknown", "Safety and approach", e => e.TraumaInformed, (e, v) => e.TraumaInformed = v),
        new("survivorLed", "survivor_led", "Survivor-led", FieldKind.Choice, 0, false, DirectoryVocabulary.YesNoUnknown, "unknown", "Safety and approach", e => e.SurvivorLed, (e, v) => e.SurvivorLed = v),
        new("partnerContact", "partner_contact", "Contact person or role", FieldKind.Text, 200, false, null, "", "Relationship", e => Text(e.PartnerContact), (e, v) => e.PartnerContact = Blank(v), "The practice's contact at the partner."),
        new("mou", "mou", "Written agreement (MOU) in place", FieldKind.Bool, 0, false, null, "no", "Relationship", e => YesNo(e.Mou), (e, v) => e.Mou = IsYes(v)),
        new("mouDate", "mou_date", "Agreement date", FieldKind.Date, 0, false, null, "", "Relationship", e => DateText(e.MouDate), (e, v) => e.MouDate = ParseDate(v), "Only with a written agreement."),
        new("onPatientCard", "on_patient_card", "Print on the patient card", FieldKind.Bool, 0, false, null, "no", "Patient card", e => YesNo(e.OnPatientCard), (e, v) => e.OnPatientCard = IsYes(v), "At most 2 local lines; the card prints their phone and text numbers."),
        new("patientCardLabel", "patient_card_label", "Label on the card", FieldKind.Text, 40, false, null, "", "Patient card", e => Text(e.PatientCardLabel), (e, v) => e.PatientCardLabel = Blank(v), "A neutral label, e.g. “Women's center”: the card must be safe to carry."),
        new("lastVerified", "last_verified", "Last verified", FieldKind.Date, 0, true, null, "", "Verification", e => DateText(e.LastVerified), (e, v) => e.LastVerified = ParseDate(v) ?? default, "When someone last confirmed the details with the partner."),
        new("verifiedBy", "verified_by", "Verified by", FieldKind.Text, 100, true, null, "", "Verification", e => e.VerifiedBy, (e, v) => e.VerifiedBy = v, "The staff member who checked."),
        new("nextReview", "next_review", "Next review", FieldKind.Date, 0, false, null, "", "Verification", e => DateText(e.NextReview), (e, v) => e.NextReview = ParseDate(v) ?? default, "Blank: 12 months after the last check."),
        new("notes", "notes", "Notes for staff", FieldKind.LongText, 1000, false, null, "", "Verification", e => Text(e.Notes), (e, v) => e.Notes = Blank(v), "Never about a patient."),
        new("active", "active", "Active", FieldKind.Bool, 0, false, null, "yes", "Verification", e => YesNo(e.Active), (e, v) => e.Active = IsYes(v)),
    ];

    public static DirectoryField ByName(string name) => All.First(f => f.Name == name);

    /// <summary>The CSV header, in the order of the field table: entry_id first.</summary>
    public static IReadOnlyList<string> CsvHeader { get; } = [IdColumn, .. All.Select(f => f.Csv)];

    /// <summary>Every field's canonical text for an entry.</summary>
    public static Dictionary<string, string> ValuesOf(DirectoryEntry entry) =>
        All.ToDictionary(f => f.Name, f => f.Get(entry), StringComparer.Ordinal);

    /// <summary>
    /// Checks raw input (form or CSV, by field name; a missing key is blank) and returns canonical values.
    /// <paramref name="forbiddenWords"/> are the patient card's words a card label must not contain.
    /// </summary>
    public static CheckedEntry Check(IReadOnlyDictionary<string, string?> raw, DateOnly today, IReadOnlyList<string> forbiddenWords)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new List<FieldError>();
        foreach (var field in All)
        {
            var input = raw.TryGetValue(field.Name, out var r) ? (r ?? "").Trim() : "";
            if (input.Length == 0)
            {
                if (field.Required)
                {
                    errors.Add(new(field.Name, $"{field.Label}: {(field.Kind == FieldKind.List ? "choose at least one" : "enter a value")}."));
                }
                values[field.Name] = field.Default;
                continue;
            }
            var (value, problem) = Read(field, input, today);
            if (problem is not null)
            {
                errors.Add(new(field.Name, $"{field.Label}: {problem}"));
                values[field.Name] = "";
            }
            else
            {
                values[field.Name] = value;
            }
        }

        bool Ok(string name) => errors.All(e => e.Field != name);
        string V(string name) => values[name];

        if (Ok("phone") && Ok("textNumber") && Ok("email") && Ok("web") && V("phone").Length == 0 && V("textNumber").Length == 0 && V("email").Length == 0 && V("web").Length == 0)
        {
            errors.Add(new("phone", "Contact: give at least one way to reach the partner: a phone, text number, email or web address."));
        }
        if (V("confidentialLocation") == "yes" && V("address").Length > 0)
        {
            errors.Add(new("address", "Address: leave it blank, because the location is marked confidential."));
        }
        if (V("ageMin").Length > 0 && V("ageMax").Length > 0 && int.Parse(V("ageMin"), Invariant) > int.Parse(V("ageMax"), Invariant))
        {
            errors.Add(new("ageMax", $"Oldest age served: {V("ageMax")} is below the youngest age served ({V("ageMin")})."));
        }
        if (V("mou") != "yes" && V("mouDate").Length > 0)
        {
            errors.Add(new("mouDate", "Agreement date: give it only when a written agreement is in place."));
        }
        if (V("onPatientCard") == "yes")
        {
            if (V("patientCardLabel").Length == 0 && Ok("patientCardLabel"))
            {
                errors.Add(new("patientCardLabel", "Label on the card: give a neutral label, because the entry is printed on the patient card."));
            }
            if (Ok("phone") && Ok("textNumber") && V("phone").Length == 0 && V("textNumber").Length == 0)
            {
                errors.Add(new("onPatientCard", "Print on the patient card: the card prints phone and text numbers, and this entry has neither."));
            }
        }
        if (V("patientCardLabel") is { Length: > 0 } label && forbiddenWords.FirstOrDefault(w => label.Contains(w, StringComparison.OrdinalIgnoreCase)) is { } word)
        {
            errors.Add(new("patientCardLabel", $"Label on the card: “{word}” must not appear on the card, so that it is safe for the patient to carry. Use a neutral label."));
        }
        if (Ok("lastVerified") && V("lastVerified").Length > 0)
        {
            var verified = DateOnly.ParseExact(V("lastVerified"), "yyyy-MM-dd", Invariant);
            if (verified > today)
            {
                errors.Add(new("lastVerified", $"Last verified: {V("lastVerified")} is in the future; give the day the details were confirmed."));
            }
            if (V("nextReview").Length == 0 && Ok("nextReview"))
            {
                values["nextReview"] = verified.AddMonths(12).ToString("yyyy-MM-dd", Invariant);
            }
            else if (Ok("nextReview") && DateOnly.ParseExact(V("nextReview"), "yyyy-MM-dd", Invariant) <= verified)
            {
                errors.Add(new("nextReview", $"Next review: {V("nextReview")} must be after the last check ({V("lastVerified")})."));
            }
        }
        // Errors in the order of the fields, so the summary reads like the form.
        var order = All.Select((f, i) => (f.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
        var sorted = errors.OrderBy(e => order.GetValueOrDefault(e.Field, -1)).ToList();
        return new CheckedEntry(values, sorted);
    }

    private static (string Value, string? Problem) Read(DirectoryField field, string input, DateOnly today)
    {
        switch (field.Kind)
        {
            case FieldKind.Text:
            case FieldKind.LongText:
                if (field.Kind == FieldKind.Text && input.AsSpan().IndexOfAny('\r', '\n') >= 0)
                {
                    return ("", "write it on one line.");
                }
                var text = input.ReplaceLineEndings("\n");
                return text.Length > field.Max ? ("", $"at most {field.Max} characters ({text.Length} given).") : (text, null);
            case FieldKind.List:
            {
                var chosen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var item in input.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    var id = item.ToLowerInvariant();
                    if (field.Terms!.All(t => t.Id != id))
                    {
                        return ("", $"“{item}” is not one of the allowed values ({string.Join(", ", field.Terms!.Select(t => t.Id))}).");
                    }
                    chosen.Add(id);
                }
                if (chosen.Count == 0 && field.Required)
                {
                    return ("", "choose at least one.");
                }
                return (string.Join("; ", field.Terms!.Where(t => chosen.Contains(t.Id)).Select(t => t.Id)), null);
            }
            case FieldKind.Languages:
            {
                var tags = new List<string>();
                foreach (var item in input.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    if (!LanguageTag().IsMatch(item))
                    {
                        return ("", $"“{item}” is not a language tag (e.g. en, es, vi, zh-Hant).");
                    }
                    var tag = CanonicalTag(item);
                    if (!tags.Contains(tag, StringComparer.Ordinal))
                    {
                        tags.Add(tag);
                    }
                }
                var joined = string.Join("; ", tags);
                return joined.Length > field.Max ? ("", $"at most {field.Max} characters.") : (joined, null);
            }
            case FieldKind.Bool:
                return input.ToLowerInvariant() switch
                {
                    "yes" or "y" or "true" or "1" => ("yes", null),
                    "no" or "n" or "false" or "0" => ("no", null),
                    _ => ("", $"“{input}” is not yes or no."),
                };
            case FieldKind.Choice:
            {
                var id = input.ToLowerInvariant();
                return field.Terms!.Any(t => t.Id == id) ? (id, null) : ("", $"“{input}” is not one of {string.Join(", ", field.Terms!.Select(t => t.Id))}.");
            }
            case FieldKind.Age:
                return int.TryParse(input, NumberStyles.None, Invariant, out var age) && age <= 120
                    ? (age.ToString(Invariant), null)
                    : ("", $"“{input}” is not an age from 0 to 120.");
            case FieldKind.Date:
                if (DateOnly.TryParseExact(input, ["yyyy-MM-dd", "M/d/yyyy"], Invariant, DateTimeStyles.None, out var date))
                {
                    return (date.ToString("yyyy-MM-dd", Invariant), null);
                }
                return ("", $"“{input}” is not a date: write it as yyyy-mm-dd, e.g. {today:yyyy-MM-dd}.");
            case FieldKind.Phone:
                return PhoneNumbers.NormalizeCall(input, out var callProblem) is { } call ? (call, null) : ("", callProblem);
            case FieldKind.TextNumber:
                return PhoneNumbers.NormalizeText(input, out var textProblem) is { } sms ? (sms, null) : ("", textProblem);
            case FieldKind.Email:
                return input.Length <= field.Max && EmailAddress().IsMatch(input) ? (input, null) : ("", $"“{input}” is not an email address.");
            case FieldKind.Url:
                if (input.Length <= field.Max && Uri.TryCreate(input, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && uri.Host.Contains('.', StringComparison.Ordinal))
                {
                    return (input, null);
                }
                return ("", $"“{input}” is not an https:// web address.");
            case FieldKind.State:
            {
                var code = input.ToUpperInvariant();
                return UsStates.All.Any(s => s.Code == code) ? (code, null) : ("", $"“{input}” is not a US state code (two letters, e.g. TX).");
            }
            default:
                throw new InvalidOperationException(field.Kind.ToString());
        }
    }

    /// <summary>en, zh-Hant, es-MX: language lower case, script title case, region upper case.</summary>
    private static string CanonicalTag(string tag)
    {
        var parts = tag.Split('-');
        for (var i = 0; i < parts.Length; i++)
        {
            var p = parts[i];
            parts[i] = i == 0 ? p.ToLowerInvariant()
                : p.Length == 4 && char.IsAsciiLetter(p[0]) ? char.ToUpperInvariant(p[0]) + p[1..].ToLowerInvariant()
                : p.Length == 2 ? p.ToUpperInvariant()
                : p.ToLowerInvariant();
        }
        return string.Join('-', parts);
    }

    [GeneratedRegex(@"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    private static partial Regex LanguageTag();

    [GeneratedRegex(@"^[^@\s;,]+@[^@\s;,]+\.[^@\s;,]+$")]
    private static partial Regex EmailAddress();
}
