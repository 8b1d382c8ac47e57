using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Beacon.Tests.Roster;

/// <summary>Roster files built in memory: CSV text, XLSX workbooks (shared strings, numbers, dates, formulas) and bad files.</summary>
public static class RosterFiles
{
    public const string Header = "first_name,last_name,email,employee_id,job_role,site,hire_date,manager_employee_id,licence_type,licence_number,licence_state,licence_expiry,active";

    /// <summary>UTF-8 CSV, lines joined with CRLF as Excel writes them.</summary>
    public static byte[] Csv(params string[] lines) => Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n");

    public static byte[] Utf16(params string[] lines) => Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(string.Join("\r\n", lines))).ToArray();

    /// <summary>A workbook whose first sheet holds <paramref name="rows"/>: strings go to the shared string table
    /// (every other one inline), doubles are numbers, DateOnly values are Excel date serials.</summary>
    public static byte[] Xlsx(IEnumerable<object?[]> rows, string? formulaCell = null)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var shared = workbook.AddNewPart<SharedStringTablePart>();
            shared.SharedStringTable = new SharedStringTable();
            var sharedIndex = new Dictionary<string, int>(StringComparer.Ordinal);
            var worksheet = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            uint rowNumber = 0;
            var inline = false;
            foreach (var values in rows)
            {
                rowNumber++;
                var row = new Row { RowIndex = rowNumber };
                for (var i = 0; i < values.Length; i++)
                {
                    var reference = $"{(char)('A' + i)}{rowNumber}";
                    var cell = new Cell { CellReference = reference };
                    switch (values[i])
                    {
                        case null:
                            continue;
                        case string text when (inline = !inline):
                            cell.DataType = CellValues.InlineString;
                            cell.InlineString = new InlineString(new Text(text));
                            break;
                        case string text:
                            if (!sharedIndex.TryGetValue(text, out var index))
                            {
                                index = sharedIndex.Count;
                                sharedIndex[text] = index;
                                shared.SharedStringTable.AppendChild(new SharedStringItem(new Text(text)));
                            }
                            cell.DataType = CellValues.SharedString;
                            cell.CellValue = new CellValue(index.ToString(System.Globalization.CultureInfo.InvariantCulture));
                            break;
                        case double number:
                            cell.CellValue = new CellValue(number);
                            break;
                        case DateOnly date:
                            cell.CellValue = new CellValue(date.ToDateTime(TimeOnly.MinValue).ToOADate());
                            break;
                        default:
                            throw new ArgumentException($"Unsupported cell value {values[i]}");
                    }
                    if (reference == formulaCell)
                    {
                        cell.CellFormula = new CellFormula("CONCATENATE(\"a\",\"b\")");
                    }
                    row.Append(cell);
                }
                data.Append(row);
            }
            worksheet.Worksheet = new Worksheet(data);
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(worksheet), SheetId = 1, Name = "Roster" }));
        }
        return stream.ToArray();
    }

    /// <summary>A real workbook plus one entry of zeros that expands past <paramref name="expandedBytes"/> (a zip bomb).</summary>
    public static byte[] ZipBomb(byte[] workbook, long expandedBytes)
    {
        using var output = new MemoryStream();
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var source = new ZipArchive(new MemoryStream(workbook), ZipArchiveMode.Read))
            {
                foreach (var entry in source.Entries)
                {
                    using var from = entry.Open();
                    using var to = target.CreateEntry(entry.FullName).Open();
                    from.CopyTo(to);
                }
            }
            using var padding = target.CreateEntry("xl/media/padding.bin", CompressionLevel.Fastest).Open();
            var zeros = new byte[1024 * 1024];
            for (long written = 0; written < expandedBytes; written += zeros.Length)
            {
                padding.Write(zeros);
            }
        }
        return output.ToArray();
    }

    /// <summary>A roster CSV of <paramref name="count"/> people at one site, each with an employee ID.</summary>
    public static byte[] ManyPeople(int count, string site, string idPrefix = "B")
    {
        var text = new StringBuilder(Header).Append("\r\n");
        for (var i = 1; i <= count; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"First{i},Last{i:D5},person{i}.{idPrefix.ToLowerInvariant()}@example.test,{idPrefix}{i:D5},registered-nurse,{site},2023-01-15,,,,,,yes\r\n");
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
