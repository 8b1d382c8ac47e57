using System.Globalization;
using System.Security.Cryptography;
using Beacon.Data;
using Beacon.Features.Audit;
using Beacon.Features.Courses;
using Beacon.Features.Learning;
using Microsoft.Extensions.Options;

namespace Beacon.Features.Requirements;

/// <summary>A refused upload: which form field and why.</summary>
public sealed record UploadProblem(string Field, string Message);

/// <summary>
/// Outside certificates accepted as completions. The type is decided from the file's first bytes, never its
/// name or the browser's claim. The file goes to a temporary name beside its final place, the completion and
/// its evidence row are saved together, and only then is the file moved into place; any failure removes the
/// file, so there is never a row without a file or a file without a row.
/// </summary>
public sealed class OutsideCertificates(
    BeaconDbContext db, TenantContext tenant, AuditActor actor, CourseCatalog catalog, TimeProvider time,
    IOptions<DatabaseOptions> database, IHostEnvironment environment)
{
    public const long MaxBytes = 10 * 1024 * 1024;
    public const int SniffLength = 8;

    /// <summary>PDF, PNG or JPEG by magic bytes; null for anything else.</summary>
    public static string? Sniff(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("%PDF-"u8))
        {
            return "application/pdf";
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return "image/png";
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return "image/jpeg";
        }
        return null;
    }

    public string PathOf(Guid practiceId, Guid evidenceId) =>
        Path.Combine(database.Value.ResolveDataDirectory(environment.ContentRootPath), "evidence", practiceId.ToString("D"), evidenceId.ToString("D"));

    /// <summary>Checks and records an outside certificate for a person and requirement; problems name the field.</summary>
    public async Task<(Guid? EvidenceId, IReadOnlyList<UploadProblem> Problems)> RecordAsync(
        Guid staffMemberId, string jobRole, Requirement requirement, DateOnly? completedOn, DateOnly today, IFormFile? upload, string? note, CancellationToken cancellationToken)
    {
        var problems = new List<UploadProblem>();
        if (completedOn is not { } day)
        {
            problems.Add(new UploadProblem("CompletedOn", "Date on the certificate: enter the date the training was completed, for example 2026-01-15."));
        }
        else if (day > today)
        {
            problems.Add(new UploadProblem("CompletedOn", $"Date on the certificate: {day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} is in the future; enter the date printed on the certificate."));
        }
        else if (day.Year < 2000)
        {
            problems.Add(new UploadProblem("CompletedOn", "Date on the certificate: enter a date from 2000 on."));
        }
        var trimmedNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (trimmedNote is { Length: > 500 })
        {
            problems.Add(new UploadProblem("Note", "Note: keep it to 500 characters or fewer."));
        }

        string? contentType = null;
        if (upload is null)
        {
            problems.Add(new UploadProblem("Upload", "Certificate file: choose the PDF, JPEG or PNG file of the certificate."));
        }
        else if (upload.Length == 0)
        {
            problems.Add(new UploadProblem("Upload", "Certificate file: the file is empty."));
        }
        else if (upload.Length > MaxBytes)
        {
            problems.Add(new UploadProblem("Upload", $"Certificate file: the file is {upload.Length / (1024.0 * 1024.0):0.#} MB; Beacon accepts up to 10 MB. Scan at a lower resolution or save as PDF."));
        }
        else
        {
            var head = new byte[SniffLength];
            int read;
            await using (var stream = upload.OpenReadStream())
            {
                read = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
            }
            contentType = Sniff(head.AsSpan(0, read));
            var extension = Path.GetExtension(upload.FileName ?? "").ToLowerInvariant();
            if (contentType is null)
            {
                problems.Add(new UploadProblem("Upload", "Certificate file: the file is not a PDF, JPEG or PNG (Beacon reads the file's contents, not its name). Save or scan the certificate as one of those."));
            }
            else if (!ExtensionsOf(contentType).Contains(extension))
            {
                problems.Add(new UploadProblem("Upload", $"Certificate file: the file's contents are {Describe(contentType)} but its name ends in “{(extension.Length == 0 ? "no extension" : extension)}”. Save it with the right extension ({string.Join(" or ", ExtensionsOf(contentType))}) and upload it again."));
                contentType = null;
            }
        }
        var course = await catalog.CurrentAsync(requirement.CourseId, cancellationToken);
        if (course is null)
        {
            problems.Add(new UploadProblem("", "The requirement's course is not published, so no completion can be recorded for it."));
        }
        if (problems.Count > 0)
        {
            return (null, problems);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var track = requirement.Track ?? Learners.TrackFor(jobRole);
        var completion = new Completion
        {
            PracticeId = tenant.PracticeId,
            StaffMemberId = staffMemberId,
            CourseId = requirement.CourseId,
            Version = course!.Version,
            Track = track,
            Basis = CompletionBasis.OutsideCertificate,
            CeHours = 0,
            CompletedOn = completedOn!.Value,
            CompletedAt = now,
        };
        var evidence = new EvidenceFile
        {
            PracticeId = tenant.PracticeId,
            StaffMemberId = staffMemberId,
            CompletionId = completion.Id,
            FileName = CleanFileName(upload!.FileName, contentType!),
            ContentType = contentType!,
            Size = upload.Length,
            Sha256 = "",
            Note = trimmedNote,
            UploadedByUserId = actor.UserId ?? Guid.Empty,
            UploadedAt = now,
        };
        var final = PathOf(tenant.PracticeId, evidence.Id);
        Directory.CreateDirectory(Path.GetDirectoryName(final)!);
        var temporary = final + ".part";
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var content = upload.OpenReadStream())
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                var buffer = new byte[81920];
                int read;
                long total = 0;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    total += read;
                    if (total > MaxBytes)
                    {
                        throw new InvalidDataException("The file grew past 10 MB while it was read.");
                    }
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
                evidence.Size = total;
            }
            evidence.Sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
            db.Completions.Add(completion);
            db.EvidenceFiles.Add(evidence);
            await db.SaveChangesAsync(cancellationToken);
            File.Move(temporary, final);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
        return (evidence.Id, []);
    }

    private static string[] ExtensionsOf(string contentType) => contentType switch
    {
        "application/pdf" => [".pdf"],
        "image/png" => [".png"],
        _ => [".jpg", ".jpeg"],
    };

    private static string Describe(string contentType) => contentType switch
    {
        "application/pdf" => "a PDF",
        "image/png" => "a PNG image",
        _ => "a JPEG image",
    };

    /// <summary>The name offered on download: the client's name without any path, limited to safe characters.</summary>
    public static string CleanFileName(string? name, string contentType)
    {
        var extension = contentType switch
        {
            "application/pdf" => ".pdf",
            "image/png" => ".png",
            _ => ".jpg",
        };
        var bare = Path.GetFileNameWithoutExtension((name ?? "").Replace('\\', '/').Split('/')[^1]);
        var safe = new string([.. bare.Where(c => char.IsLetterOrDigit(c) || c is '-' or '_' or ' ' or '.').Take(100)]).Trim(' ', '.');
        return (safe.Length == 0 ? "certificate" : safe) + extension;
    }
}
