import { ApiError } from "../api/client";

/** A failure as a readable sentence, with the request id to quote when the service gave one. */
export function ErrorNote({ error }: { error: Error | undefined }) {
  if (!error) return null;
  const requestId = error instanceof ApiError ? error.requestId : null;
  return (
    <p className="error" role="alert">
      {error.message}
      {requestId ? <span className="request-id"> (request {requestId})</span> : null}
    </p>
  );
}
