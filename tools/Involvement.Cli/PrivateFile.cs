namespace Involvement.Cli;

/// <summary>
/// A file holding secrets (a payment run export has bank details in clear): written to "&lt;path&gt;.partial" readable
/// by its owner only, moved into place when complete, and deleted if anything fails, so no copy is left behind.
/// </summary>
public static class PrivateFile
{
    public static async Task<long> WriteAsync(string path, Func<Stream, Task> write)
    {
        var partial = path + ".partial";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            long length;
            await using (var file = new FileStream(partial, options))
            {
                if (!OperatingSystem.IsWindows())
                {
                    // UnixCreateMode applies only to a new file: a .partial left by an older version keeps its mode.
                    File.SetUnixFileMode(partial, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }

                await write(file);
                length = file.Length;
            }

            File.Move(partial, path, overwrite: true);
            return length;
        }
        catch
        {
            File.Delete(partial);
            throw;
        }
    }
}
