import { certificateFacts } from "./parse-certificate";

/** Columns read for certificates: never keyEnc. */
export const certificateSelect = {
  id: true,
  clusterId: true,
  name: true,
  domains: true,
  notAfter: true,
  certPem: true,
  createdAt: true,
} as const;

export type CertificateRow = {
  id: string;
  clusterId: string;
  name: string;
  domains: string[];
  notAfter: Date;
  certPem: string;
  createdAt: Date;
};

export function certificateView({ certPem, ...row }: CertificateRow) {
  return { ...row, ...certificateFacts(certPem) };
}
