namespace CallCrm.Connectors.Sync;

/// <summary>A field mapping or cleansing step applied to each record before its content hash is taken and it is sent.</summary>
/// <typeparam name="T">The record type.</typeparam>
/// <remarks>
/// Throw <see cref="Errors.ConnectorException"/> with a non-transient error (for example
/// <see cref="Errors.ConnectorErrorCode.InvalidPhoneNumber"/> when a required number is invalid) to put the record
/// in dead letters; the rest of the batch goes on. Transforms must be deterministic: the same input gives the same output.
/// </remarks>
public interface IRecordTransform<T>
{
    /// <summary>Maps and cleans one record.</summary>
    /// <param name="record">The record as read.</param>
    /// <returns>The record to send.</returns>
    T Transform(T record);
}
