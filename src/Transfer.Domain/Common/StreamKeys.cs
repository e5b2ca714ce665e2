namespace Transfer.Domain.Common;

/// <summary>
/// Every organisation, working group and workstream is an event stream, and the PMO picks ids freely
/// in each kind ("837" may be both a municipality and a workstream). Workstreams, the streams nearly
/// every event goes to, are keyed by their id; the other kinds carry a prefix with a ':', which no
/// id may contain, so no two streams can ever share a key.
/// </summary>
public static class StreamKeys
{
    public static string Organisation(string id) => "organisation:" + id;
    public static string WorkingGroup(string id) => "working-group:" + id;
    public static string Workstream(string id) => id;
}
