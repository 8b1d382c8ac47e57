namespace Beacon.Features.Transcripts;

/// <summary>A transcript as a page shows it: for the learner themselves, or for an administrator or auditor.</summary>
public sealed record TranscriptView(Transcript Transcript, bool ForManagers, string PdfUrl, DateTime GeneratedAtUtc);
