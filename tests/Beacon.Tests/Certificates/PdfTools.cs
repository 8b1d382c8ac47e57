using System.Diagnostics;
using System.Globalization;
using System.Text;
using ZXing;
using ZXing.Common;
using ZXing.QrCode;

namespace Beacon.Tests.Certificates;

/// <summary>Reads PDFs the way a person (or a phone camera) would: poppler's text and a rendered page.</summary>
public static class PdfTools
{
    /// <summary>The text of every page (pdftotext -layout); pages are separated by form feeds.</summary>
    public static async Task<string> TextAsync(byte[] pdf)
    {
        var folder = Directory.CreateTempSubdirectory("beacon-pdf-");
        try
        {
            var input = Path.Combine(folder.FullName, "document.pdf");
            var output = Path.Combine(folder.FullName, "document.txt");
            await File.WriteAllBytesAsync(input, pdf);
            await RunAsync("pdftotext", "-layout", input, output);
            return await File.ReadAllTextAsync(output);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Renders the first page at 150 dpi in grey and decodes the QR code on it.</summary>
    public static async Task<string?> QrCodeAsync(byte[] pdf)
    {
        var folder = Directory.CreateTempSubdirectory("beacon-pdf-");
        try
        {
            var input = Path.Combine(folder.FullName, "document.pdf");
            await File.WriteAllBytesAsync(input, pdf);
            await RunAsync("pdftoppm", "-gray", "-r", "150", "-f", "1", "-l", "1", input, Path.Combine(folder.FullName, "page"));
            var image = Directory.GetFiles(folder.FullName, "page*.pgm").Single();
            var (width, height, pixels) = ReadPgm(await File.ReadAllBytesAsync(image));
            var source = new RGBLuminanceSource(pixels, width, height, RGBLuminanceSource.BitmapFormat.Gray8);
            var hints = new Dictionary<DecodeHintType, object> { [DecodeHintType.TRY_HARDER] = true };
            return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)), hints)?.Text;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Binary PGM (P5): a text header of width, height and maximum value, then one byte per pixel.</summary>
    private static (int Width, int Height, byte[] Pixels) ReadPgm(byte[] file)
    {
        var position = 0;
        string Token()
        {
            while (true)
            {
                while (char.IsWhiteSpace((char)file[position]))
                {
                    position++;
                }
                if (file[position] != '#')
                {
                    break;
                }
                while (file[position] != '\n')
                {
                    position++;
                }
            }
            var start = position;
            while (!char.IsWhiteSpace((char)file[position]))
            {
                position++;
            }
            return Encoding.ASCII.GetString(file, start, position - start);
        }
        Assert.Equal("P5", Token());
        var width = int.Parse(Token(), CultureInfo.InvariantCulture);
        var height = int.Parse(Token(), CultureInfo.InvariantCulture);
        Assert.Equal("255", Token());
        position++; // the single whitespace after the header
        return (width, height, file[position..(position + width * height)]);
    }

    private static async Task RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{program} failed: {error}");
    }
}
