namespace Involvement.TestKit;

/// <summary>Waits for an asynchronous outcome (an event delivered, a read model updated), failing with what was awaited.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan? timeout = null, string what = "the condition")
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {(timeout ?? DefaultTimeout).TotalSeconds:0}s waiting for {what}.");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Returns the first value the probe yields without throwing, retrying until the timeout.</summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T>> probe, TimeSpan? timeout = null, string what = "a value")
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            try
            {
                return await probe();
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
            catch (Exception ex)
            {
                throw new TimeoutException($"Timed out after {(timeout ?? DefaultTimeout).TotalSeconds:0}s waiting for {what}.", ex);
            }
        }
    }
}
