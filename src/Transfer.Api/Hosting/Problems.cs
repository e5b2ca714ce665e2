using Microsoft.AspNetCore.Http.HttpResults;
using Transfer.Domain.Common;

namespace Transfer.Api.Hosting;

/// <summary>Every rejection is an RFC 9457 problem with its status set.</summary>
public static class Problems
{
    public static ProblemHttpResult Validation(IDictionary<string, string[]> errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "One or more fields are invalid.",
        });

    public static ProblemHttpResult Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemHttpResult NotFound(string what, string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"Unknown {what}", detail: NoSuch(what, id));

    public static ProblemHttpResult UnknownReference(string field, string what, string id) => Validation(field, NoSuch(what, id));

    /// <summary>How every answer says that an id names nothing: a route's own (404), a field's (400), an import's row.</summary>
    public static string NoSuch(string what, string id) => $"There is no {what} '{id}'.";

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflicts with what is recorded", detail: detail);

    public static ProblemHttpResult PreconditionFailed(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: "Precondition failed", detail: detail);

    public static ProblemHttpResult From(Rejection rejection) => rejection.Kind switch
    {
        RejectionKind.InvalidInput => Validation(rejection.Field ?? "request", rejection.Message),
        RejectionKind.Conflict => Conflict(rejection.Message),
        _ => throw new ArgumentOutOfRangeException(nameof(rejection)),
    };
}
