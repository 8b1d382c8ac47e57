using PdfSharp.Drawing;
using PdfSharp.Pdf;
using QRCoder;

namespace Beacon.Features.Certificates;

/// <summary>What a certificate states, already in the words and dates it prints.</summary>
public sealed record CertificatePrint(
    string LearnerName,
    string CourseTitle,
    string Version,
    string TrackTitle,
    DateOnly CompletedOn,
    decimal CeHours,
    string PracticeName,
    string Number,
    DateOnly IssuedOn,
    DateOnly? RevokedOn,
    string VerifyUrl);

/// <summary>
/// The certificate PDF: one landscape Letter page with the completion's facts and a QR code of the public
/// verification address. A revoked certificate still prints (the practice keeps it for the record), marked
/// REVOKED with the date, so a copy can never pass for a valid one.
/// </summary>
public static class CertificateDocument
{
    private const double PageWidth = 792;
    private const double Margin = 60;
    private const double QrSize = 126;

    private static readonly XColor Navy = XColor.FromArgb(0x12, 0x3a, 0x6b);
    private static readonly XColor Grey = XColor.FromArgb(0x44, 0x44, 0x44);
    private static readonly XColor Red = XColor.FromArgb(0xb0, 0x00, 0x20);

    public static byte[] Render(CertificatePrint certificate)
    {
        using var document = new PdfDocument();
        document.Info.Title = $"Certificate of completion {certificate.Number}";
        document.Info.Subject = certificate.CourseTitle;
        document.Info.Creator = "Beacon";
        var page = PdfLayout.AddLetterPage(document, landscape: true);
        using (var graphics = XGraphics.FromPdfPage(page))
        {
            Draw(graphics, certificate);
        }
        return PdfLayout.Save(document);
    }

    private static void Draw(XGraphics g, CertificatePrint c)
    {
        var navy = new XSolidBrush(Navy);
        var grey = new XSolidBrush(Grey);
        g.DrawRectangle(new XPen(Navy, 3), 24, 24, PageWidth - 48, 612 - 48);
        g.DrawRectangle(new XPen(Navy, 0.75), 32, 32, PageWidth - 64, 612 - 64);

        var title = new XFont(DejaVuFonts.Serif, 34);
        var body = new XFont(DejaVuFonts.Sans, 12);
        var name = new XFont(DejaVuFonts.Serif, 30);
        var course = new XFont(DejaVuFonts.Sans, 17, XFontStyleEx.Bold);
        var label = new XFont(DejaVuFonts.Sans, 10.5);
        var value = new XFont(DejaVuFonts.Sans, 10.5, XFontStyleEx.Bold);
        var small = new XFont(DejaVuFonts.Sans, 7);

        Centered(g, "Certificate of completion", title, navy, 92);
        Centered(g, "This certifies that", body, grey, 140);
        Centered(g, c.LearnerName, name, XBrushes.Black, 182);
        g.DrawLine(new XPen(Navy, 0.75), 196, 194, PageWidth - 196, 194);
        Centered(g, "has completed the staff in-service", body, grey, 218);

        var y = 246.0;
        foreach (var line in PdfLayout.Wrap(g, c.CourseTitle, course, PageWidth - 2 * Margin - 40))
        {
            Centered(g, line, course, navy, y);
            y += 22;
        }
        Centered(g, $"Version {c.Version} · {c.TrackTitle} track", body, grey, y + 2);

        if (c.RevokedOn is { } revoked)
        {
            // Across the middle of the page, where no copy or crop can leave it out.
            var box = new XRect(Margin + 60, y + 18, PageWidth - 2 * Margin - 120, 40);
            g.DrawRectangle(new XPen(Red, 2), box);
            g.DrawString($"REVOKED on {PdfLayout.LongDate(revoked)}: this certificate is no longer valid",
                new XFont(DejaVuFonts.Sans, 13, XFontStyleEx.Bold), new XSolidBrush(Red), box, XStringFormats.Center);
        }

        // The facts a surveyor reads, at the lower left.
        (string Label, string Value)[] facts =
        [
            ("Completed on", PdfLayout.LongDate(c.CompletedOn)),
            ("CE hours", PdfLayout.Hours(c.CeHours)),
            ("Practice", c.PracticeName),
            ("Certificate number", c.Number),
            ("Issued", PdfLayout.LongDate(c.IssuedOn)),
        ];
        var factsTop = 402.0;
        foreach (var (factLabel, factValue) in facts)
        {
            g.DrawString(factLabel, label, grey, Margin + 10, factsTop);
            var lines = PdfLayout.Wrap(g, factValue, value, 330);
            foreach (var line in lines)
            {
                g.DrawString(line, value, XBrushes.Black, Margin + 140, factsTop);
                factsTop += 15;
            }
            factsTop += 4;
        }

        // The QR code at the lower right, with its address printed for anyone who cannot scan it.
        var qrLeft = PageWidth - Margin - 10 - QrSize;
        var qrTop = 392.0;
        g.DrawString("Check this certificate", label, grey, new XRect(qrLeft - 40, qrTop - 16, QrSize + 80, 12), XStringFormats.TopCenter);
        using (var image = XImage.FromStream(new MemoryStream(QrPng(c.VerifyUrl))))
        {
            // Sharp module edges: smoothing blurs a QR code when printed or scanned small.
            image.Interpolate = false;
            g.DrawImage(image, qrLeft, qrTop, QrSize, QrSize);
        }
        var urlWidth = g.MeasureString(c.VerifyUrl, small).Width;
        var urlRight = PageWidth - Margin + 10;
        var urlLeft = Math.Min(qrLeft + (QrSize - urlWidth) / 2, urlRight - urlWidth);
        g.DrawString(c.VerifyUrl, small, grey, urlLeft, qrTop + QrSize + 10);

        Centered(g, "Issued through Beacon, the practice's staff training record. Anyone can check it at the address under the QR code.",
            new XFont(DejaVuFonts.Sans, 8), grey, 560);
    }

    /// <summary>A QR code PNG with a quiet zone; medium error correction survives a crease or a smudge.</summary>
    public static byte[] QrPng(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        // Full-colour pixels: PDFsharp's PNG reader does not take the default 1-bit palette image.
        return new PngByteQRCode(data).GetGraphic(10, [0, 0, 0, 255], [255, 255, 255, 255]);
    }

    private static void Centered(XGraphics g, string text, XFont font, XBrush brush, double baseline) =>
        g.DrawString(text, font, brush, new XRect(0, baseline, PageWidth, 0), XStringFormats.BaseLineCenter);
}
