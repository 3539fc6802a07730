"""What several features share: the API object, schemas, pagination, model mixins, time."""
