/** The attachments module's public door. */
export * from './attachments';
export { ATTACHMENT_MODEL_TYPES, ATTACHMENT_OWNERS, type AttachmentOwner, canOnOwner } from './owners';
