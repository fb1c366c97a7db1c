/** The one sentence about what went wrong that belongs to no single field. */
export function FormError({ message }: { message: string | null }) {
  return (
    <div className="form-error" role="alert">
      {message}
    </div>
  );
}
