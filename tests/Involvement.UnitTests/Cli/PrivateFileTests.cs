using Involvement.Cli;

namespace Involvement.UnitTests.Cli;

public sealed class PrivateFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("private-file-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_failed_export_leaves_no_partial_file_behind()
    {
        var path = Path.Combine(_dir, "run.csv");

        await Assert.ThrowsAsync<IOException>(() => PrivateFile.WriteAsync(path, async file =>
        {
            await file.WriteAsync("payee,12-34-56,12345678\r\n"u8.ToArray());
            throw new IOException("the stream broke");
        }));

        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_complete_export_is_readable_by_its_owner_only()
    {
        var path = Path.Combine(_dir, "run.csv");
        await File.WriteAllTextAsync(path + ".partial", "left by an older run");
        File.SetUnixFileMode(path + ".partial", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var written = await PrivateFile.WriteAsync(path, file => file.WriteAsync("TOTAL,,,,0.00,0\r\n"u8.ToArray()).AsTask());

        Assert.Equal(17, written);
        Assert.Equal("TOTAL,,,,0.00,0\r\n", await File.ReadAllTextAsync(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.False(File.Exists(path + ".partial"));
    }
}
