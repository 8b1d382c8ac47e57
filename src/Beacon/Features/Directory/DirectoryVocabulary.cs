namespace Beacon.Features.ReferralDirectory;

/// <summary>One allowed value of an enumerated or list field: the id stored and written to CSV, and what staff read.</summary>
public sealed record Term(string Id, string Label);

/// <summary>
/// The controlled values of the referral directory (content/toolkit/directory-fields.md): partner
/// categories, services, referral methods, law-enforcement posture and the smaller lists.
/// </summary>
public static class DirectoryVocabulary
{
    public static IReadOnlyList<Term> Categories { get; } =
    [
        new("hotlines-task-forces", "Hotlines, task forces and coalitions"),
        new("anti-trafficking-services", "Anti-trafficking services"),
        new("shelter-housing", "Shelter and housing"),
        new("child-protection", "Child protection"),
        new("law-enforcement", "Law enforcement"),
        new("legal-services", "Legal services"),
        new("federal-eligibility", "Federal eligibility (HHS)"),
        new("mental-health", "Mental health and substance use"),
        new("medical-follow-up", "Medical follow-up"),
        new("interpreting", "Interpreting"),
        new("basic-needs", "Basic needs"),
        new("youth-immigrant-lgbtq", "Youth, immigrant and LGBTQ+ services"),
        new("labor-rights", "Labor rights"),
        new("survivor-led", "Survivor-led and peer support"),
    ];

    public static IReadOnlyList<Term> Services { get; } =
    [
        new("case-management", "Case management"),
        new("advocacy", "Advocacy and accompaniment"),
        new("emergency-shelter", "Emergency shelter"),
        new("long-term-housing", "Long-term or transitional housing"),
        new("youth-shelter", "Youth shelter"),
        new("dv-shelter", "Domestic-violence shelter"),
        new("immigration-legal", "Immigration legal help"),
        new("record-relief", "Criminal record relief"),
        new("labor-legal", "Labor and wage claims"),
        new("family-legal", "Family law"),
        new("benefits", "Benefits enrollment"),
        new("federal-eligibility", "Help with HHS eligibility letters or certification"),
        new("mental-health", "Counselling and mental health care"),
        new("trauma-therapy", "Trauma therapy"),
        new("substance-use", "Substance-use treatment"),
        new("crisis-line", "Crisis line"),
        new("forensic-exam", "Forensic medical exam"),
        new("sti-hiv", "STI and HIV testing and care"),
        new("reproductive-care", "Reproductive health care"),
        new("dental", "Dental care"),
        new("primary-care", "Primary care"),
        new("forensic-interview", "Forensic interviews of children"),
        new("child-protection-intake", "Child-abuse report intake"),
        new("interpreting", "Interpreting"),
        new("transport", "Transport"),
        new("food-clothing", "Food and clothing"),
        new("job-training", "Job training and education"),
        new("peer-support", "Peer support"),
        new("tip-line", "Takes reports or tips"),
    ];

    public static IReadOnlyList<Term> ReferralMethods { get; } =
    [
        new("warm-handoff", "Warm handoff: call with the patient present"),
        new("self-referral", "The patient can contact them directly"),
        new("referral-form", "Needs a referral form from the practice"),
        new("phone-intake", "Intake by phone"),
        new("walk-in", "Walk-in hours"),
    ];

    public static IReadOnlyList<Term> Postures { get; } =
    [
        new("consent-based", "Not law enforcement; shares information with police only with the person's consent or when the law requires it"),
        new("may-share", "May pass information or tips to law enforcement without the person's consent"),
        new("law-enforcement", "Is a law-enforcement agency or unit"),
        new("unknown", "Not yet confirmed with the partner: ask before you rely on it"),
    ];

    public static IReadOnlyList<Term> Genders { get; } =
    [
        new("women", "Women"),
        new("men", "Men"),
        new("transgender-nonbinary", "Transgender and nonbinary people"),
    ];

    public static IReadOnlyList<Term> TraffickingTypes { get; } =
    [
        new("sex", "Sex trafficking"),
        new("labor", "Labor trafficking"),
    ];

    public static IReadOnlyList<Term> Nationalities { get; } =
    [
        new("us-citizens-residents", "US citizens and residents"),
        new("foreign-nationals", "Foreign nationals"),
    ];

    public static IReadOnlyList<Term> Costs { get; } =
    [
        new("free", "Free"),
        new("sliding-scale", "Sliding scale"),
        new("insurance", "Insurance"),
        new("fee", "Fee"),
    ];

    public static IReadOnlyList<Term> Capacities { get; } =
    [
        new("accepting", "Accepting referrals"),
        new("wait-list", "Wait list"),
        new("full", "Full"),
        new("unknown", "Not known"),
    ];

    public static IReadOnlyList<Term> YesNoUnknown { get; } =
    [
        new("yes", "Yes"),
        new("no", "No"),
        new("unknown", "Not known"),
    ];

    /// <summary>Common languages offered in the staff filter; any BCP 47 tag may be stored.</summary>
    public static IReadOnlyList<Term> CommonLanguages { get; } =
    [
        new("en", "English"),
        new("es", "Spanish"),
        new("zh", "Chinese"),
        new("vi", "Vietnamese"),
        new("ko", "Korean"),
        new("tl", "Tagalog"),
        new("ar", "Arabic"),
        new("fr", "French"),
        new("ht", "Haitian Creole"),
        new("ru", "Russian"),
        new("pt", "Portuguese"),
        new("ase", "American Sign Language"),
    ];

    public static string LabelOf(IReadOnlyList<Term> terms, string id) =>
        terms.FirstOrDefault(t => t.Id == id)?.Label ?? id;

    /// <summary>"Spanish (es)" for known tags, the tag itself otherwise.</summary>
    public static string LanguageName(string tag)
    {
        var known = CommonLanguages.FirstOrDefault(t => string.Equals(t.Id, tag, StringComparison.OrdinalIgnoreCase));
        if (known is not null)
        {
            return known.Label;
        }
        try
        {
            var culture = System.Globalization.CultureInfo.GetCultureInfo(tag);
            return culture.EnglishName == tag || string.IsNullOrEmpty(culture.EnglishName) ? tag : culture.EnglishName;
        }
        catch (System.Globalization.CultureNotFoundException)
        {
            return tag;
        }
    }
}
