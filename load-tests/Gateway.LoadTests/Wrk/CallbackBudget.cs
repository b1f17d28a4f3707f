namespace Gateway.LoadTests.Wrk;

/// <summary>
/// How many callbacks to sign for a wrk run of a given length: twice the highest rate any gateway row has reached so
/// far (a guess before the first run), so a run never runs out, without signing hundreds of megabytes it never sends.
/// </summary>
internal sealed class CallbackBudget(int connections)
{
    private const double Margin = 2;
    private double _highestRate = 20_000;
    private bool _measured;

    public int EventsFor(TimeSpan length) => (int)Math.Ceiling(_highestRate * length.TotalSeconds * Margin) + connections * 4;

    public void Observe(double requestsPerSecond)
    {
        _highestRate = _measured ? Math.Max(_highestRate, requestsPerSecond) : requestsPerSecond;
        _measured = true;
    }
}
