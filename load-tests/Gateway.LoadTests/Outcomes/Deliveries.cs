namespace Gateway.LoadTests.Outcomes;

/// <summary>How often the backend answered one event 2xx (a delivery) and how often it refused it.</summary>
internal readonly record struct Deliveries(int Accepted, int Refused);
