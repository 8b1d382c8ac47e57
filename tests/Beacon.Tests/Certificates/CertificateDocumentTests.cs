using Beacon.Features.Certificates;

namespace Beacon.Tests.Certificates;

public sealed class CertificateDocumentTests
{
    private static readonly CertificatePrint Example = new(
        "María-José Ñúñez-Oyelaran", "Human Trafficking: Recognising and Responding in Medical Practice", "1.0.0",
        "Front desk, billing and other non-clinical staff", new DateOnly(2026, 3, 2), 0.5m, "Lakeside Family Medicine of the Upper Valley",
        "BCN-2026-7K3QX9AB", new DateOnly(2026, 3, 2), null, "https://beacon.example.org/verify/" + CertificateIssuer.NewVerificationCode());

    public CertificateDocumentTests()
    {
        // The app installs the resolver at start-up; these tests draw without starting it.
        DejaVuFonts.Install();
    }

    [Fact]
    public async Task Long_names_and_accented_letters_print_in_full_and_the_qr_code_still_reads()
    {
        var pdf = CertificateDocument.Render(Example);

        var text = CertificateTests.Normalise(await PdfTools.TextAsync(pdf));
        Assert.Contains(Example.LearnerName, text, StringComparison.Ordinal);
        Assert.Contains(Example.PracticeName, text, StringComparison.Ordinal);
        Assert.Contains(Example.VerifyUrl, text, StringComparison.Ordinal);
        Assert.Equal(Example.VerifyUrl, await PdfTools.QrCodeAsync(pdf));
    }

    [Fact]
    public async Task A_revoked_certificate_says_so_with_the_date()
    {
        var pdf = CertificateDocument.Render(Example with { RevokedOn = new DateOnly(2026, 4, 1) });

        Assert.Contains("REVOKED on April 1, 2026", CertificateTests.Normalise(await PdfTools.TextAsync(pdf)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pdf", new[] { "certificate", "BCN-2026-7K3QX9AB", "María-José Ñúñez" }, "certificate-bcn-2026-7k3qx9ab-maria-jose-nunez.pdf")]
    [InlineData("pdf", new[] { "transcript", "../../etc/passwd\r\n\"x\"" }, "transcript-etc-passwd-x.pdf")]
    [InlineData("pdf", new[] { "中文" }, "beacon.pdf")]
    public void File_names_keep_only_ascii_letters_digits_and_hyphens(string extension, string[] parts, string expected) =>
        Assert.Equal(expected, PdfLayout.SafeFileName(extension, parts));
}
