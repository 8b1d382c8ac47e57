namespace Beacon.Features.ReferralDirectory;

/// <summary>Fictional partners for the demo practice (555-01xx numbers are reserved for fiction), one of them past review.</summary>
public static class DemoDirectory
{
    public static IEnumerable<DirectoryEntry> Entries(Guid practiceId, DateOnly today, DateTime now)
    {
        DirectoryEntry Entry(string name, string categories, string services, string phone, string? text, string languages, string posture, bool open24x7,
            DateOnly verified, bool onCard = false, string? cardLabel = null) => new()
        {
            PracticeId = practiceId,
            Name = name,
            Categories = categories,
            Services = services,
            ServiceArea = "Riverside County (fictional)",
            State = "TX",
            ConfidentialLocation = categories.Contains("shelter", StringComparison.Ordinal),
            Phone = phone,
            TextNumber = text,
            Languages = languages,
            LawEnforcementPosture = posture,
            Open24x7 = open24x7,
            Hours = open24x7 ? "24/7" : "Mon–Fri 8–5",
            LastVerified = verified,
            VerifiedBy = "Dana Whitfield",
            NextReview = verified.AddMonths(12),
            OnPatientCard = onCard,
            PatientCardLabel = cardLabel,
            Notes = "Demo entry: a fictional partner.",
            CreatedAt = now,
            UpdatedAt = now,
        };
        yield return Entry("Riverside Safe House (demo)", "anti-trafficking-services; shelter-housing", "case-management; emergency-shelter", "+15125550101", "+15125550102",
            "en; es", "consent-based", true, today.AddMonths(-2), onCard: true, cardLabel: "Riverside support line");
        yield return Entry("Hill Country Legal Aid (demo)", "legal-services", "immigration-legal; record-relief", "+15125550111", null, "en; es; vi", "consent-based", false, today.AddMonths(-4));
        yield return Entry("County Child Protection Intake (demo)", "child-protection", "child-protection-intake", "+15125550121", null, "en; es", "law-enforcement", true, today.AddMonths(-14));
    }
}
