"use client";

import { ShieldCheck } from "lucide-react";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { useCertificates, useDeleteCertificate } from "@/lib/query/use-load-balancers";
import type { Certificate } from "@/lib/schemas/load-balancers";
import { UploadCertificateDialog } from "./upload-certificate-dialog";

const DAY = 86_400_000;

function Expiry({ iso }: { iso: string }) {
  const [now] = useState(Date.now); // once per mount: rendering stays pure
  const days = Math.floor((new Date(iso).getTime() - now) / DAY);
  const date = new Date(iso).toLocaleDateString();
  if (days < 0) return <Badge tone="red">expired {date}</Badge>;
  return (
    <span className="inline-flex items-center gap-2">
      {date}
      {days < 21 && <Badge tone="yellow">{days} days left</Badge>}
    </span>
  );
}

/** TLS certificates the routing tier serves https routes with. */
export function CertificatesCard({ clusterId, manage }: { clusterId: string; manage: boolean }) {
  const { data, error } = useCertificates(clusterId);
  const remove = useDeleteCertificate(clusterId);
  const [uploading, setUploading] = useState(false);
  const [deleting, setDeleting] = useState<Certificate | null>(null);
  const uploadButton = manage ? (
    <Button variant="secondary" onClick={() => setUploading(true)}>
      Upload certificate
    </Button>
  ) : undefined;
  return (
    <Card>
      <CardHeader
        title="Certificates"
        description="For https routes (routing.port_*: https://…) on the routing load balancer's port 443. Keys are stored encrypted and never shown again."
        actions={uploadButton}
      />
      {error && (
        <div className="p-5">
          <Alert>{error.message}</Alert>
        </div>
      )}
      {data && data.items.length === 0 && (
        <EmptyState icon={<ShieldCheck className="size-8" aria-hidden />} title="No certificates">
          Upload a certificate and its key for the domains of your https routes; HAProxy picks one by the name the client asks for (SNI).
        </EmptyState>
      )}
      {data && data.items.length > 0 && (
        <Table aria-label="Certificates">
          <thead>
            <tr>
              <Th>Name</Th>
              <Th>Domains</Th>
              <Th>Expires</Th>
              <Th>Issuer</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((c) => (
              <Tr key={c.id} data-testid={`certificate-${c.name}`}>
                <Td className="font-medium">{c.name}</Td>
                <Td className="whitespace-normal text-xs">{c.domains.join(", ")}</Td>
                <Td>
                  <Expiry iso={c.notAfter} />
                </Td>
                <Td className="max-w-xs truncate text-xs text-slate-500" title={c.issuer}>
                  {c.issuer}
                </Td>
                <Td className="text-right">
                  {manage && (
                    <Button
                      size="sm"
                      variant="ghost"
                      aria-label={`Delete certificate ${c.name}`}
                      onClick={() => (remove.reset(), setDeleting(c))}
                    >
                      Delete
                    </Button>
                  )}
                </Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      )}
      {manage && <UploadCertificateDialog clusterId={clusterId} open={uploading} onClose={() => setUploading(false)} />}
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete certificate ${deleting?.name ?? ""}?`}
        confirmLabel="Delete certificate"
        busy={remove.isPending}
        error={remove.error?.message}
        onCancel={() => setDeleting(null)}
        onConfirm={() => deleting && remove.mutate(deleting.id, { onSuccess: () => setDeleting(null) })}
      >
        <p>https routes for {deleting?.domains.join(", ")} stop being served with it after the next sync.</p>
      </ConfirmDialog>
    </Card>
  );
}
